import { useEffect } from 'preact/hooks';
import { useT } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { StatusChip, type ChipTone } from '../ui/StatusChip';
import type { KioskState } from './kiosk-status';

export interface HomeScreenProps {
  /** What the chip tells: the kiosk's state and how many records wait to sync. */
  status: { state: KioskState; pending: number };
  stationName: string;
  onTapIn: () => void;
  onScan: () => void;
  onRegister: () => void;
  onEvents: () => void;
  onWishes: () => void;
  onSuggestions: () => void;
  onNearby: () => void;
  onHost: () => void;
  onToggleLang: () => void;
}

const TONE: Record<KioskState, ChipTone> = {
  online: 'ok',
  offline: 'warn',
  unreachable: 'warn',
  refused: 'warn',
  revoked: 'bad',
};

/** The screen a courier walks up to: station, status, one big button. */
export function HomeScreen({
  status,
  stationName,
  onTapIn,
  onScan,
  onRegister,
  onEvents,
  onWishes,
  onSuggestions,
  onNearby,
  onHost,
  onToggleLang,
}: HomeScreenProps) {
  const t = useT();
  // Marks when a courier can first tap in (read by the cold-start benchmark and any field monitoring).
  useEffect(() => void performance.mark?.('kiosk-home-interactive'), []);
  return (
    <main class="screen home">
      <header class="home-header">
        <h1 class="station-name">{stationName || t.appName}</h1>
        <div class="home-status">
          <StatusChip
            tone={TONE[status.state]}
            label={t.kioskStates[status.state]}
            pendingLabel={status.pending > 0 ? t.pendingN(status.pending) : null}
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
          <button type="button" class="more-btn" onClick={onWishes}>
            {t.wishes}
          </button>
          <button type="button" class="more-btn" onClick={onSuggestions}>
            {t.suggestions}
          </button>
          <button type="button" class="more-btn" onClick={onNearby}>
            {t.nearby}
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
