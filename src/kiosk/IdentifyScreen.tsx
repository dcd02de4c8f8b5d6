import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n';
import { PHONE_PATTERN } from '../protocol/schemas';
import { Keypad } from '../ui/Keypad';

export interface IdentifyScreenProps {
  onPhone: (phone: string) => void;
  onAnonymous: () => void;
  onBack: () => void;
}

/** `13812345678` shown as `138 1234 5678`, easier to check at a glance. */
export function groupPhone(digits: string): string {
  return [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].filter(Boolean).join(' ');
}

/** Phone number on a big keypad, or anonymous. */
export function IdentifyScreen({ onPhone, onAnonymous, onBack }: IdentifyScreenProps) {
  const t = useT();
  const [digits, setDigits] = useState('');
  const valid = PHONE_PATTERN.test(digits);
  return (
    <main class="screen keypad-screen">
      <div class="keypad-side">
        <h1 class="screen-title">{t.identifyTitle}</h1>
        <p class="hint">{t.identifyHint}</p>
        <output class="phone-display" aria-label={t.identifyTitle}>
          {groupPhone(digits) || '\u00a0'}
        </output>
        {digits.length === 11 && !valid && <p class="error">{t.phoneInvalid}</p>}
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onBack}>
            {t.back}
          </button>
          <button type="button" class="btn btn-secondary" onClick={onAnonymous}>
            {t.anonymous}
          </button>
          <button type="button" class="btn btn-primary" disabled={!valid} onClick={() => onPhone(digits)}>
            {t.next}
          </button>
        </div>
      </div>
      <Keypad value={digits} maxLength={11} onChange={setDigits} clearLabel={t.clear} deleteLabel={t.delete} />
    </main>
  );
}
