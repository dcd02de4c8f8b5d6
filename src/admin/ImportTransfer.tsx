import { useState } from 'preact/hooks';
import { adminT as t } from './console-lang';
import { Notice } from './Notice';
import { AdminApiError, adminApi } from './admin-api';
import { errorText } from './error-text';

/** Upload of a kiosk's offline transfer file; the server verifies it whole before storing anything. */
export function ImportTransfer({ onImported }: { onImported: () => void }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setMessage(t.working);
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
    } finally {
      setBusy(false);
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
        disabled={busy}
        aria-label={t.importTitle}
        onChange={(e) => void upload(e.currentTarget)}
      />
      <Notice text={message} />
    </section>
  );
}
