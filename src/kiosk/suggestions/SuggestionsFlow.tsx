import { useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { useSuggestionT } from '../../i18n/suggestions';
import type { SuggestionRecord } from '../../protocol/wishes';
import { LeaveSuggestion } from './LeaveSuggestion';
import { LookupSuggestion } from './LookupSuggestion';

export interface SuggestionsFlowProps {
  db: KioskDb;
  /** The kiosk cannot reach the server now (the receipt says the suggestion waits here). */
  offline: boolean;
  /** A suggestion was saved: sync soon. */
  onSaved: () => void;
  onDone: () => void;
  onActivity?: () => void;
}

type Step =
  | { name: 'menu' }
  | { name: 'leave' }
  | { name: 'lookup' }
  | { name: 'receipt'; record: SuggestionRecord; withPhoto: boolean };

/** 意见建议: make a suggestion, or check one's progress by its code. */
export function SuggestionsFlow({ db, offline, onSaved, onDone, onActivity }: SuggestionsFlowProps) {
  const s = useSuggestionT();
  const [step, setStep] = useState<Step>({ name: 'menu' });

  switch (step.name) {
    case 'leave':
      return (
        <LeaveSuggestion
          db={db}
          {...(onActivity ? { onActivity } : {})}
          onBack={() => setStep({ name: 'menu' })}
          onSaved={(record, withPhoto) => {
            setStep({ name: 'receipt', record, withPhoto });
            onSaved();
          }}
        />
      );
    case 'lookup':
      return <LookupSuggestion db={db} {...(onActivity ? { onActivity } : {})} onBack={onDone} />;
    case 'receipt':
      return (
        <main class="screen screen-fit suggest">
          <h1 class="screen-title">{s.receiptTitle}</h1>
          <p class="field-label">{s.receiptCodeLabel}</p>
          <p class="receipt-code" data-testid="receipt-code" aria-label={step.record.receiptCode.split('').join(' ')}>
            {step.record.receiptCode}
          </p>
          <div class="screen-body" tabIndex={0} role="region" aria-label={s.receiptTitle}>
            <p class="suggest-how">{s.receiptHow}</p>
            {offline && <p class="hint">{s.receiptOffline}</p>}
            {step.withPhoto && <p class="hint">{s.receiptPhotoLater}</p>}
          </div>
          <div class="actions">
            <button type="button" class="btn btn-primary" onClick={onDone}>
              {s.done}
            </button>
          </div>
        </main>
      );
    default:
      return (
        <main class="screen suggest">
          <h1 class="screen-title">{s.title}</h1>
          <p class="suggest-intro">{s.intro}</p>
          <div class="suggest-menu">
            <button type="button" class="suggest-menu-btn" onClick={() => setStep({ name: 'leave' })}>
              <span class="suggest-menu-label">{s.leave}</span>
              <span class="hint">{s.leaveHint}</span>
            </button>
            <button type="button" class="suggest-menu-btn" onClick={() => setStep({ name: 'lookup' })}>
              <span class="suggest-menu-label">{s.lookUp}</span>
              <span class="hint">{s.lookUpHint}</span>
            </button>
          </div>
          <div class="actions">
            <button type="button" class="btn btn-secondary" onClick={onDone}>
              {s.back}
            </button>
          </div>
        </main>
      );
  }
}
