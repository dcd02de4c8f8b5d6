import { useState } from 'preact/hooks';
import { verifyPin } from '../domain/pin';
import { useHostT } from '../i18n/backstage';
import type { DeviceSettings } from '../settings/device-settings';
import { Keypad } from '../ui/Keypad';

export interface PinScreenProps {
  settings: DeviceSettings;
  onUnlock: () => void;
  onBack: () => void;
}

/** The host's PIN, checked against the stored salted hash. */
export function PinScreen({ settings, onUnlock, onBack }: PinScreenProps) {
  const t = useHostT();
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);
  async function check() {
    const stored = await settings.getPinHash();
    if (stored && (await verifyPin(pin, stored))) return onUnlock();
    setWrong(true);
    setPin('');
  }
  return (
    <main class="screen keypad-screen">
      <div class="keypad-side">
        <h1 class="screen-title">{t.pinTitle}</h1>
        <output class="phone-display" aria-label={t.pinTitle}>
          {'•'.repeat(pin.length) || '\u00a0'}
        </output>
        {wrong && (
          <p class="error" role="alert">
            {t.pinWrong}
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onBack}>
            {t.back}
          </button>
          <button type="button" class="btn btn-primary" disabled={pin.length < 4} onClick={check}>
            {t.confirm}
          </button>
        </div>
      </div>
      <Keypad
        value={pin}
        maxLength={8}
        onChange={(v) => (setPin(v), setWrong(false))}
        clearLabel={t.clear}
        deleteLabel={t.delete}
      />
    </main>
  );
}
