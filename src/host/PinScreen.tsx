import { useEffect, useState } from 'preact/hooks';
import { hashPin, isValidPin, verifyPin } from '../domain/pin';
import { afterWrongTry, FREE_TRIES, NO_ATTEMPTS, waitMs, type PinAttempts } from '../domain/pin-backoff';
import { useHostT } from '../i18n/backstage';
import { matchPinResetCode } from '../protocol/pin-reset';
import type { DeviceSettings } from '../settings/device-settings';
import { Keypad } from '../ui/Keypad';

export interface PinScreenProps {
  settings: DeviceSettings;
  onUnlock: () => void;
  onBack: () => void;
  /** The clock (tests move it). */
  now?: () => number;
}

/** What the screen asks for: the PIN; or, after 忘记管理密码, a reset code and then a new PIN twice. */
type Step = 'pin' | 'reset' | 'new' | 'new2';

/**
 * The host's PIN, checked against the stored salted hash; wrong tries lock it for
 * growing spells. A host who forgot it types a one-time reset code the admin made
 * (checked offline with the device key), then sets a new PIN.
 */
export function PinScreen({ settings, onUnlock, onBack, now = Date.now }: PinScreenProps) {
  const t = useHostT();
  const [step, setStep] = useState<Step>('pin');
  const [value, setValue] = useState('');
  const [newPin, setNewPin] = useState('');
  const [attempts, setAttempts] = useState<PinAttempts | null>(null);
  const [error, setError] = useState('');
  const [clock, setClock] = useState(now());
  useEffect(() => {
    void settings.getPinAttempts().then(setAttempts);
  }, [settings]);
  const wait = attempts ? waitMs(attempts, clock) : 0;
  const locked = wait > 0 && (step === 'pin' || step === 'reset');
  // While locked, count down once a second so the screen frees itself.
  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => setClock(now()), 1000);
    return () => clearInterval(timer);
  }, [locked, now]);

  /** Counts a wrong PIN or reset code towards the lock. */
  async function wrongTry(current: PinAttempts, message: string) {
    const next = afterWrongTry(current, now());
    await settings.setPinAttempts(next);
    setAttempts(next);
    setClock(now());
    const left = FREE_TRIES - next.failures;
    setError(left > 0 && left <= 3 && step === 'pin' ? t.pinTriesLeft(left) : message);
    setValue('');
  }

  async function confirm() {
    setError('');
    if (step === 'new') {
      if (!isValidPin(value)) return setError(t.enrollPinLength(value.length));
      setNewPin(value);
      setValue('');
      return setStep('new2');
    }
    if (step === 'new2') {
      if (value !== newPin) {
        setValue('');
        setNewPin('');
        setStep('new');
        return setError(t.pinNewMismatch);
      }
      await settings.setPinHash(await hashPin(value));
      await settings.setPinAttempts(NO_ATTEMPTS);
      return onUnlock();
    }
    const current = await settings.getPinAttempts();
    if (waitMs(current, now()) > 0) {
      setAttempts(current);
      setClock(now());
      setValue('');
      return;
    }
    if (step === 'reset') {
      const key = (await settings.getEnrollment())?.deviceKey;
      if (!key) return setError(t.pinResetUnavailable);
      const n = await matchPinResetCode(key, await settings.getPinResetsUsed(), value);
      if (n === null) return wrongTry(current, t.pinResetWrong);
      await settings.setPinResetsUsed(n);
      await settings.setPinAttempts(NO_ATTEMPTS);
      setAttempts(NO_ATTEMPTS);
      setValue('');
      return setStep('new');
    }
    const stored = await settings.getPinHash();
    if (stored && (await verifyPin(value, stored))) {
      if (current.failures > 0) await settings.setPinAttempts(NO_ATTEMPTS);
      return onUnlock();
    }
    await wrongTry(current, t.pinWrong);
  }

  const seconds = Math.ceil(wait / 1000);
  const message = locked ? t.pinLocked(t.pinWait(Math.floor(seconds / 60), seconds % 60)) : error;
  const title =
    step === 'pin' ? t.pinTitle : step === 'reset' ? t.pinResetTitle : step === 'new' ? t.pinNewTitle : t.pinNewAgain;
  const [min, max] = step === 'reset' ? [8, 8] : [4, 8];
  return (
    <main class="screen keypad-screen">
      <div class="keypad-side">
        <h1 class="screen-title">{title}</h1>
        {step === 'reset' && <p class="hint">{t.pinResetCodeHint}</p>}
        <output class="phone-display" aria-label={title}>
          {(step === 'reset' ? value : '•'.repeat(value.length)) || '\u00a0'}
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
          <button
            type="button"
            class="btn btn-primary"
            disabled={value.length < min || locked}
            onClick={() => void confirm()}
          >
            {t.confirm}
          </button>
        </div>
        {step === 'pin' && (
          <button
            type="button"
            class="link-btn"
            onClick={() => {
              setStep('reset');
              setValue('');
              setError('');
            }}
          >
            {t.pinForgot}
          </button>
        )}
      </div>
      <Keypad
        value={value}
        maxLength={max}
        onChange={(v) => (setValue(v), setError(''))}
        clearLabel={t.clear}
        deleteLabel={t.delete}
      />
    </main>
  );
}
