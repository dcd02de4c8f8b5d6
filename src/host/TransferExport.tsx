import { useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { useT } from '../i18n/i18n';
import type { DeviceSettings } from '../settings/device-settings';
import { buildTransferFile, transferFileName } from '../sync/transfer-export';

/** The host's way out for a station offline for weeks: the queued records as one signed file. */
export function TransferExport({ db, settings }: { db: KioskDb; settings: DeviceSettings }) {
  const t = useT();
  const [note, setNote] = useState('');
  async function exportFile() {
    const enrollment = await settings.getEnrollment();
    if (!enrollment) return;
    const file = await buildTransferFile(db, enrollment);
    if (file.changes.length === 0) return setNote(t.exportTransferNothing);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = transferFileName(file);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setNote('');
  }
  return (
    <div class="transfer">
      <button type="button" class="btn btn-secondary" onClick={() => void exportFile()}>
        {t.exportTransfer}
      </button>
      <p class="hint">{note || t.exportTransferHint}</p>
    </div>
  );
}
