import { useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { hashPin, isValidPin } from '../domain/pin';
import { useT } from '../i18n/i18n';
import type { DeviceSettings } from '../settings/device-settings';
import { HttpError, type ApiClient } from '../sync/api-client';
import { Keypad } from '../ui/Keypad';

export interface EnrollScreenProps {
  db: KioskDb;
  settings: DeviceSettings;
  client: ApiClient;
  onEnrolled: () => void;
}

type Step = 'code' | 'pin' | 'pin2';

/** First run: the 10-digit code from the admin, then a host PIN typed twice; then the kiosk is enrolled. */
export function EnrollScreen({ db, settings, client, onEnrolled }: EnrollScreenProps) {
  const t = useT();
  const [step, setStep] = useState<Step>('code');
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function enroll() {
    setBusy(true);
    try {
      const res = await client.enroll(code, `kiosk ${navigator.userAgent.slice(0, 60)}`);
      await settings.setPinHash(await hashPin(pin));
      await db.meta.put({ key: 'station', value: res.station });
      await settings.setEnrollment({
        deviceId: res.deviceId,
        stationId: res.stationId,
        token: res.token,
        ...(res.deviceKey ? { deviceKey: res.deviceKey } : {}),
        enrolledAt: new Date().toISOString(),
      });
      // Ask the browser not to evict the kiosk's data under storage pressure.
      await navigator.storage?.persist?.().catch(() => false);
      onEnrolled();
    } catch (err) {
      setError(err instanceof HttpError ? err.message : t.enrollOffline);
      setStep('code');
      setPin('');
      setPin2('');
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setError('');
    if (step === 'code') {
      if (!/^\d{10}$/.test(code)) return setError(t.enrollBadCode);
      setStep('pin');
    } else if (step === 'pin') {
      if (!isValidPin(pin)) return setError(t.enrollPin);
      setStep('pin2');
    } else if (pin2 !== pin) {
      setPin2('');
      setError(t.enrollPinMismatch);
    } else {
      void enroll();
    }
  }

  const [value, setValue, max, label] =
    step === 'code'
      ? [code, setCode, 10, t.enrollCode]
      : step === 'pin'
        ? [pin, setPin, 8, t.enrollPin]
        : [pin2, setPin2, 8, t.enrollPinAgain];
  return (
    <main class="screen">
      <h1 class="screen-title">{t.enrollTitle}</h1>
      <p class="hint">{t.enrollHint}</p>
      <label class="field-label">{label}</label>
      <output class="phone-display" aria-label={label}>
        {(step === 'code' ? value : '•'.repeat(value.length)) || '\u00a0'}
      </output>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <Keypad value={value} maxLength={max} onChange={setValue} clearLabel={t.clear} deleteLabel={t.delete} />
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={next}>
          {step === 'pin2' ? t.enrollSubmit : t.next}
        </button>
      </div>
    </main>
  );
}
