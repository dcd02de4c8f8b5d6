import { useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { hashPin, isValidPin } from '../domain/pin';
import { NO_ATTEMPTS } from '../domain/pin-backoff';
import { useHostT } from '../i18n/backstage';
import { useLang } from '../i18n/i18n';
import { serverErrorText } from '../i18n/server-errors';
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

/**
 * First run: the 10-digit code from the admin, checked with the server straight away (without
 * spending it) while the installer goes on to the PIN: a refused code brings them back to it at
 * once, a good one names its station; then a host PIN typed twice; then the kiosk is enrolled. Should the code stop working in between (expired, used elsewhere), the
 * installer is brought back to the code with both PINs kept: correcting it is the only step left.
 */
export function EnrollScreen({ db, settings, client, onEnrolled }: EnrollScreenProps) {
  const t = useHostT();
  const lang = useLang();
  const [step, setStep] = useState<Step>('code');
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  /** Both PINs typed and matching: a corrected code goes straight to enrolling. */
  const [pinReady, setPinReady] = useState(false);
  const [error, setError] = useState('');
  /** The station the checked code belongs to. */
  const [station, setStation] = useState('');
  const [busy, setBusy] = useState(false);

  async function enroll() {
    setBusy(true);
    setError('');
    try {
      const res = await client.enroll(code, `kiosk ${navigator.userAgent.slice(0, 60)}`);
      await settings.setPinHash(await hashPin(pin));
      // A new enrollment sets a new PIN: earlier wrong tries no longer count.
      await settings.setPinAttempts(NO_ATTEMPTS);
      await db.meta.put({ key: 'station', value: res.station });
      if (res.sealKey) await db.meta.put({ key: 'sealKey', value: res.sealKey });
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
      const why = err instanceof HttpError ? serverErrorText(lang, err.code, err.status) : t.enrollOffline;
      setError(`${why}${t.enrollPinKept}`);
      setPinReady(true);
      setStep('code');
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setError('');
    if (step === 'code') {
      if (!/^\d{10}$/.test(code)) return setError(t.enrollCodeLength(code.length));
      if (pinReady) return void enroll();
      // On to the PIN at once; the code is checked meanwhile, and a refused one brings the installer back.
      setStep('pin');
      void checkCode(code);
    } else if (step === 'pin') {
      if (!isValidPin(pin)) return setError(t.enrollPinLength(pin.length));
      setPin2('');
      setStep('pin2');
    } else if (pin2 !== pin) {
      setPin2('');
      setError(t.enrollPinMismatch);
    } else {
      setPinReady(true);
      void enroll();
    }
  }

  async function checkCode(checked: string) {
    setStation('');
    try {
      const found = await client.checkEnrollCode(checked);
      setStation(found.stationName);
    } catch (err) {
      // Offline (or an older server without the check): enrollment itself will say what is wrong.
      if (!(err instanceof HttpError) || err.status === 404) return;
      setPin('');
      setPin2('');
      setStep('code');
      setError(serverErrorText(lang, err.code, err.status));
    }
  }

  function back() {
    setError('');
    if (step === 'pin2') setStep('pin');
    else if (step === 'pin') setStep('code');
  }

  function changePin() {
    setPinReady(false);
    setPin('');
    setPin2('');
    setError('');
    setStep('pin');
  }

  const [value, setValue, max, label] =
    step === 'code'
      ? [code, setCode, 10, t.enrollCode]
      : step === 'pin'
        ? [pin, setPin, 8, t.enrollPin]
        : [pin2, setPin2, 8, t.enrollPinAgain];
  const stepNo = step === 'code' ? 1 : step === 'pin' ? 2 : 3;
  const submits = step === 'pin2' || (step === 'code' && pinReady);
  return (
    <main class="screen keypad-screen">
      <div class="keypad-side">
        <h1 class="screen-title">{t.enrollTitle}</h1>
        <p class="hint">{station && step !== 'code' ? t.enrollForStation(station) : t.enrollHint}</p>
        <p class="field-label" id="enroll-label">
          {t.enrollStep(stepNo, 3)} · {label}
        </p>
        <output class="phone-display" aria-labelledby="enroll-label">
          {(step === 'code' ? value : '•'.repeat(value.length)) || '\u00a0'}
        </output>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          {step === 'code' && pinReady && (
            <button type="button" class="btn btn-secondary" disabled={busy} onClick={changePin}>
              {t.enrollChangePin}
            </button>
          )}
          {step !== 'code' && (
            <button type="button" class="btn btn-secondary" disabled={busy} onClick={back}>
              {t.back}
            </button>
          )}
          <button type="button" class="btn btn-primary" disabled={busy} onClick={next}>
            {busy ? t.enrolling : submits ? t.enrollSubmit : t.next}
          </button>
        </div>
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
