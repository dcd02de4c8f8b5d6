import { useEffect } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { useLiveQuery } from '../db/use-live-query';
import { useT } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { StatusChip } from '../ui/StatusChip';
import { useOnline } from '../ui/use-online';

export interface HomeScreenProps {
  db: KioskDb;
  stationName: string;
  onTapIn: () => void;
  onScan: () => void;
  onRegister: () => void;
  onEvents: () => void;
  onHost: () => void;
  onToggleLang: () => void;
}

/** The screen a courier walks up to: station, status, one big button. */
export function HomeScreen({
  db,
  stationName,
  onTapIn,
  onScan,
  onRegister,
  onEvents,
  onHost,
  onToggleLang,
}: HomeScreenProps) {
  const t = useT();
  const online = useOnline();
  const pending = useLiveQuery(() => db.outbox.count(), [db], 0);
  // Marks when a courier can first tap in (read by the cold-start benchmark and any field monitoring).
  useEffect(() => void performance.mark?.('kiosk-home-interactive'), []);
  return (
    <main class="screen home">
      <header class="home-header">
        <h1 class="station-name">{stationName || t.appName}</h1>
        <div class="home-status">
          <StatusChip
            online={online}
            pending={pending}
            onlineLabel={t.online}
            offlineLabel={t.offline}
            pendingLabel={t.pendingN(pending)}
          />
          <button type="button" class="lang-toggle" onClick={onToggleLang}>
            {t.language}
          </button>
        </div>
      </header>
      <section class="home-main">
        <button type="button" class="tap-in" onClick={onTapIn}>
          <Icon name="tap" class="tap-in-icon" />
          <span class="tap-in-label">{t.tapIn}</span>
        </button>
        <p class="hint">{t.tapInHint}</p>
        <div class="home-more">
          <button type="button" class="more-btn" onClick={onScan}>
            {t.scanTapIn}
          </button>
          <button type="button" class="more-btn" onClick={onRegister}>
            {t.register}
          </button>
          <button type="button" class="more-btn" onClick={onEvents}>
            {t.events}
          </button>
        </div>
      </section>
      <footer class="home-footer">
        <button type="button" class="host-entry" onClick={onHost}>
          {t.hostEntry}
        </button>
      </footer>
    </main>
  );
}
