import { useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { Notice } from './Notice';
import { adminApi } from './admin-api';

/** Upload of a kiosk's offline transfer file; the server verifies it whole before storing anything. */
export function ImportTransfer({ onImported }: { onImported: () => void }) {
  const [message, setMessage] = useState('');
  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const r = await adminApi.importTransfer(await file.text());
      setMessage(t.importDone(r.total, r.accepted, r.duplicates, r.rejected.length));
      onImported();
    } catch (err) {
      setMessage(t.importFailed((err as Error).message));
    }
    input.value = '';
  }
  return (
    <section class="import">
      <h2>{t.importTitle}</h2>
      <p>{t.importHint}</p>
      <input
        type="file"
        accept=".json,application/json"
        aria-label={t.importTitle}
        onChange={(e) => void upload(e.currentTarget)}
      />
      <Notice text={message} />
    </section>
  );
}
