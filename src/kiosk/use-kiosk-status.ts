import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { openQuarantine } from '../db/quarantine';
import { useLiveQuery } from '../db/use-live-query';
import type { DeviceSettings, SyncStatus } from '../settings/device-settings';
import type { KioskSync } from '../sync/kiosk-sync';
import { useOnline } from '../ui/use-online';
import { kioskState, type KioskState } from './kiosk-status';

/** The kiosk's state for the home chip, kept current from the sync service and the database. */
export function useKioskStatus(
  db: KioskDb,
  settings: DeviceSettings,
  sync: KioskSync,
): { state: KioskState; pending: number } {
  const online = useOnline();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    void settings.getSyncStatus().then((s) => live && setStatus(s));
    const stop = sync.subscribe((s) => setStatus(s));
    return () => {
      live = false;
      stop();
    };
  }, [settings, sync]);
  const pending = useLiveQuery(() => db.outbox.count(), [db], 0);
  const refused = useLiveQuery(async () => (await openQuarantine(db)).length, [db], 0);
  return { state: kioskState(online, status, refused), pending };
}
