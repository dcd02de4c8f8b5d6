import { useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { useHostT } from '../i18n/backstage';
import type { DeviceSettings } from '../settings/device-settings';
import { buildTransferFile, transferFileName } from '../sync/transfer-export';

/** The host's way out for a station offline for weeks: the queued records as one signed file. */
export function TransferExport({ db, settings }: { db: KioskDb; settings: DeviceSettings }) {
  const t = useHostT();
  const [note, setNote] = useState<{ text: string; failed?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  async function exportFile() {
    setBusy(true);
    setNote({ text: t.exportTransferRunning });
    try {
      const enrollment = await settings.getEnrollment();
      if (!enrollment) return setNote({ text: t.exportTransferFailed(t.deviceRefused), failed: true });
      const count = await db.outbox.count();
      if (count === 0) return setNote({ text: t.exportTransferNothing });
      const file = await buildTransferFile(db, enrollment);
      const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = transferFileName(file);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNote({ text: t.exportTransferDone(count, a.download) });
    } catch (err) {
      console.error('transfer export failed', err);
      setNote({ text: t.exportTransferFailed(t.exportTransferStorage), failed: true });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="transfer">
      <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => void exportFile()}>
        {t.exportTransfer}
      </button>
      {note && (
        <p class={note.failed ? 'error' : 'notice'} role="status" data-testid="export-result">
          {note.text}
        </p>
      )}
      <p class="hint">{t.exportTransferHint}</p>
    </div>
  );
}
