import { useEffect, useState } from 'preact/hooks';
import { verifyPin } from '../domain/pin';
import { afterWrongTry, FREE_TRIES, NO_ATTEMPTS, waitMs, type PinAttempts } from '../domain/pin-backoff';
import { useHostT } from '../i18n/backstage';
import type { DeviceSettings } from '../settings/device-settings';
import { Keypad } from '../ui/Keypad';

export interface PinScreenProps {
  settings: DeviceSettings;
  onUnlock: () => void;
  onBack: () => void;
  /** The clock (tests move it). */
  now?: () => number;
}

/** The host's PIN, checked against the stored salted hash; wrong tries lock it for growing spells. */
export function PinScreen({ settings, onUnlock, onBack, now = Date.now }: PinScreenProps) {
  const t = useHostT();
  const [pin, setPin] = useState('');
  const [attempts, setAttempts] = useState<PinAttempts | null>(null);
  const [wrong, setWrong] = useState(false);
  const [clock, setClock] = useState(now());
  useEffect(() => {
    void settings.getPinAttempts().then(setAttempts);
  }, [settings]);
  const wait = attempts ? waitMs(attempts, clock) : 0;
  const locked = wait > 0;
  // While locked, count down once a second so the screen frees itself.
  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => setClock(now()), 1000);
    return () => clearInterval(timer);
  }, [locked, now]);

  async function check() {
    const current = await settings.getPinAttempts();
    if (waitMs(current, now()) > 0) {
      setAttempts(current);
      setClock(now());
      setPin('');
      return;
    }
    const stored = await settings.getPinHash();
    if (stored && (await verifyPin(pin, stored))) {
      if (current.failures > 0) await settings.setPinAttempts(NO_ATTEMPTS);
      return onUnlock();
    }
    const next = afterWrongTry(current, now());
    await settings.setPinAttempts(next);
    setAttempts(next);
    setClock(now());
    setWrong(true);
    setPin('');
  }
  const seconds = Math.ceil(wait / 1000);
  const left = attempts ? FREE_TRIES - attempts.failures : FREE_TRIES;
  const message =
    wait > 0
      ? t.pinLocked(t.pinWait(Math.floor(seconds / 60), seconds % 60))
      : wrong
        ? left > 0 && left <= 3
          ? t.pinTriesLeft(left)
          : t.pinWrong
        : null;
  return (
    <main class="screen keypad-screen">
      <div class="keypad-side">
        <h1 class="screen-title">{t.pinTitle}</h1>
        <output class="phone-display" aria-label={t.pinTitle}>
          {'•'.repeat(pin.length) || '\u00a0'}
        </output>
        {message && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onBack}>
            {t.back}
          </button>
          <button type="button" class="btn btn-primary" disabled={pin.length < 4 || wait > 0} onClick={check}>
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
