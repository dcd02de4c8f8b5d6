import { useState } from 'preact/hooks';
import { hashPin, isValidPin, verifyPin } from '../domain/pin';
import { useHostT } from '../i18n/backstage';
import type { DeviceSettings } from '../settings/device-settings';
import { Keypad } from '../ui/Keypad';

export interface ChangePinProps {
  settings: DeviceSettings;
  /** Called with true once the new PIN is stored, false when the host gave up. */
  onDone: (changed: boolean) => void;
}

type Step = 'old' | 'new' | 'again';

/** The host changes the PIN: the current one, then the new one twice; nothing changes until all three agree. */
export function ChangePin({ settings, onDone }: ChangePinProps) {
  const t = useHostT();
  const [step, setStep] = useState<Step>('old');
  const [digits, setDigits] = useState({ old: '', new: '', again: '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const value = digits[step];

  async function next() {
    setError('');
    if (step === 'old') {
      setBusy(true);
      const stored = await settings.getPinHash();
      setBusy(false);
      if (!stored || !(await verifyPin(digits.old, stored))) {
        setDigits((d) => ({ ...d, old: '' }));
        return setError(t.pinOldWrong);
      }
      setStep('new');
    } else if (step === 'new') {
      if (!isValidPin(digits.new)) return setError(t.enrollPinLength(digits.new.length));
      setStep('again');
    } else if (digits.again !== digits.new) {
      setDigits((d) => ({ ...d, again: '' }));
      setError(t.enrollPinMismatch);
    } else {
      setBusy(true);
      await settings.setPinHash(await hashPin(digits.new));
      onDone(true);
    }
  }

  function back() {
    setError('');
    if (step === 'again') setStep('new');
    else if (step === 'new') setStep('old');
    else onDone(false);
  }

  const label = step === 'old' ? t.pinOld : step === 'new' ? t.pinNew : t.enrollPinAgain;
  return (
    <main class="screen keypad-screen">
      <div class="keypad-side">
        <h1 class="screen-title">{t.pinChangeTitle}</h1>
        <p class="field-label" id="pin-change-label">
          {t.enrollStep(step === 'old' ? 1 : step === 'new' ? 2 : 3, 3)} · {label}
        </p>
        <output class="phone-display" aria-labelledby="pin-change-label">
          {'•'.repeat(value.length) || '\u00a0'}
        </output>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn btn-secondary" disabled={busy} onClick={back}>
            {step === 'old' ? t.cancel : t.back}
          </button>
          <button
            type="button"
            class="btn btn-primary"
            disabled={busy || value.length === 0}
            onClick={() => void next()}
          >
            {step === 'again' ? t.pinChangeSave : t.next}
          </button>
        </div>
      </div>
      <Keypad
        value={value}
        maxLength={8}
        onChange={(v) => (setDigits((d) => ({ ...d, [step]: v })), setError(''))}
        clearLabel={t.clear}
        deleteLabel={t.delete}
      />
    </main>
  );
}
