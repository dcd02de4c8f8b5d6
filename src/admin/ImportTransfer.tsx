import { useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { Notice } from './Notice';
import { AdminApiError, adminApi } from './admin-api';
import { errorText } from './error-text';

/** Upload of a kiosk's offline transfer file; the server verifies it whole before storing anything. */
export function ImportTransfer({ onImported }: { onImported: () => void }) {
  const [message, setMessage] = useState('');
  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    try {
      let r;
      try {
        r = await adminApi.importTransfer(text);
      } catch (err) {
        // A revoked kiosk's file is imported only when the admin says so.
        if (!(err instanceof AdminApiError && err.code === 'device_revoked') || !window.confirm(t.importRevokedConfirm))
          throw err;
        r = await adminApi.importTransfer(text, true);
      }
      setMessage(t.importDone(r.total, r.accepted, r.duplicates, r.rejected.length));
      onImported();
    } catch (err) {
      const code = err instanceof AdminApiError ? err.code : undefined;
      const known = code && code in t.importErrors ? t.importErrors[code as keyof typeof t.importErrors] : null;
      setMessage(t.importFailed(known ?? errorText(err)));
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
