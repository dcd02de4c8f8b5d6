import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { useHostT } from '../i18n/backstage';
import type { ServiceId } from '../protocol/services';
import type { UpdateBridge } from '../pwa/sw-bridge';
import type { DeviceSettings } from '../settings/device-settings';
import type { KioskSync } from '../sync/kiosk-sync';
import { WithPeople, WithSuggestions, WithWishes } from '../kiosk/lazy';
import { useSuggestionT } from '../i18n/suggestions';
import type { DisplayPrefs } from '../settings/device-settings';
import { ChangePin } from './ChangePin';
import { DisplaySettings } from './DisplaySettings';
import { StationEntryPanel } from './StationEntryPanel';
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
  /** The host changed how the kiosk shows itself. */
  onDisplayChange: (prefs: DisplayPrefs) => void;
}

/**
 * Host mode, in the order a host needs it: the visit log, then sync, then the station's activities
 * (their own chunk), then the PIN. All of it reads with no network.
 */
export function HostScreen({
  db,
  settings,
  sync,
  updates,
  stationName,
  stationId,
  catalogue,
  onExit,
  onDisplayChange,
}: HostScreenProps) {
  const t = useHostT();
  const st = useSuggestionT();
  const [updateWaiting, setUpdateWaiting] = useState(updates.isWaiting());
  const [changingPin, setChangingPin] = useState(false);
  const [pinChanged, setPinChanged] = useState(false);
  useEffect(() => updates.subscribe(() => setUpdateWaiting(updates.isWaiting())), [updates]);
  if (changingPin)
    return (
      <ChangePin
        settings={settings}
        onDone={(changed) => {
          setChangingPin(false);
          setPinChanged(changed);
        }}
      />
    );
  return (
    <main class="screen host">
      <header class="host-header">
        <div class="host-title">
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
      <nav class="host-nav" aria-label={t.hostTitle}>
        <a href="#host-log">{t.log}</a>
        <a href="#host-sync">{t.syncTitle}</a>
        <a href="#host-events">{t.hostEvents}</a>
        <a href="#host-wishes">{t.hostWishes}</a>
        <a href="#host-suggestions">{st.hostTitle}</a>
        <a href="#host-entry">{t.hostEntryTitle}</a>
        <a href="#host-display">{t.displayTitle}</a>
        <a href="#host-pin">{t.pinChangeTitle}</a>
      </nav>
      <h2 id="host-log">{t.log}</h2>
      <VisitLog db={db} catalogue={catalogue} />
      <h2 id="host-sync">{t.syncTitle}</h2>
      <SyncPanel db={db} settings={settings} sync={sync} />
      <h2 id="host-events">{t.hostEvents}</h2>
      <WithPeople render={(m) => <m.HostEvents db={db} stationId={stationId} />} />
      <h2 id="host-wishes">{t.hostWishes}</h2>
      <WithWishes render={(m) => <m.HostWishes db={db} stationId={stationId} />} />
      <h2 id="host-suggestions">{st.hostTitle}</h2>
      <WithSuggestions render={(m) => <m.HostSuggestions db={db} />} />
      <h2 id="host-entry">{t.hostEntryTitle}</h2>
      <StationEntryPanel db={db} stationId={stationId} onSaved={() => sync.trigger('record')} />
      <h2 id="host-display">{t.displayTitle}</h2>
      <section class="panel" aria-labelledby="host-display">
        <DisplaySettings settings={settings} onChange={onDisplayChange} />
      </section>
      <h2 id="host-pin">{t.pinChangeTitle}</h2>
      <section class="panel" aria-labelledby="host-pin">
        {pinChanged && (
          <p class="notice" role="status">
            {t.pinChanged}
          </p>
        )}
        <p class="hint">{t.pinResetHint}</p>
        <button type="button" class="btn btn-secondary" onClick={() => (setPinChanged(false), setChangingPin(true))}>
          {t.pinChangeTitle}
        </button>
      </section>
    </main>
  );
}
