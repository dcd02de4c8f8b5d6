import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { useT } from '../i18n/i18n';
import type { ServiceId } from '../protocol/services';
import type { UpdateBridge } from '../pwa/sw-bridge';
import type { DeviceSettings } from '../settings/device-settings';
import type { KioskSync } from '../sync/kiosk-sync';
import { WithPeople } from '../kiosk/lazy';
import { SyncPanel } from './SyncPanel';
import { VisitLog } from './VisitLog';

export interface HostScreenProps {
  db: KioskDb;
  settings: DeviceSettings;
  sync: KioskSync;
  updates: UpdateBridge;
  stationName: string;
  stationId: string;
  catalogue: ServiceId[];
  onExit: () => void;
}

/** Host mode: the visit log and sync status, both readable with no network. */
export function HostScreen({
  db,
  settings,
  sync,
  updates,
  stationName,
  stationId,
  catalogue,
  onExit,
}: HostScreenProps) {
  const t = useT();
  const [updateWaiting, setUpdateWaiting] = useState(updates.isWaiting());
  useEffect(() => updates.subscribe(() => setUpdateWaiting(updates.isWaiting())), [updates]);
  return (
    <main class="screen host">
      <header class="host-header">
        <div>
          <h1 class="screen-title">{t.hostTitle}</h1>
          <p class="hint">{stationName}</p>
        </div>
        <div class="host-actions">
          {updateWaiting && (
            <button type="button" class="btn btn-primary" onClick={() => updates.apply()}>
              {t.updateReady} · {t.update}
            </button>
          )}
          <button type="button" class="btn btn-secondary" onClick={onExit}>
            {t.exit}
          </button>
        </div>
      </header>
      <h2>{t.syncTitle}</h2>
      <SyncPanel db={db} settings={settings} sync={sync} />
      <h2>{t.log}</h2>
      <VisitLog db={db} catalogue={catalogue} />
      <h2>{t.hostEvents}</h2>
      <WithPeople render={(m) => <m.HostEvents db={db} stationId={stationId} />} />
    </main>
  );
}
