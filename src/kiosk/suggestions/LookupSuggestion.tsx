import { useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { lookupSuggestion, type LookupOutcome } from '../../db/suggestions';
import { formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/i18n';
import { useSuggestionT } from '../../i18n/suggestions';

export interface LookupSuggestionProps {
  db: KioskDb;
  onBack: () => void;
  onActivity?: () => void;
  /** A code to look up at once (the receipt screen's). */
  initialCode?: string;
}

/** 查进度: the worker types their code; the kiosk shows status and the district's reply, offline. */
export function LookupSuggestion({ db, onBack, onActivity, initialCode = '' }: LookupSuggestionProps) {
  const s = useSuggestionT();
  const lang = useLang();
  const [code, setCode] = useState(initialCode);
  const [outcome, setOutcome] = useState<LookupOutcome | null>(null);

  async function search(e?: Event) {
    e?.preventDefault();
    onActivity?.();
    setOutcome(await lookupSuggestion(db, code));
  }

  if (outcome && 'found' in outcome) {
    const { view, pending, text } = outcome.found;
    const day = formatDateTime(view.createdAt, lang);
    return (
      <main class="screen screen-fit suggest">
        <h1 class="screen-title">{s.resultTitle}</h1>
        <p class="receipt-code receipt-code-small">{view.receiptCode}</p>
        <p class="hint">
          {s.categories[view.category]} · {s.leftAt(day, view.stationName ?? '')}
        </p>
        <div class="suggest-status-line">
          <p class={`suggest-status status-${view.status}`} data-testid="suggestion-status">
            {s.statuses[view.status]}
          </p>
          <p>{pending ? s.notSentYet : s.statusHelp[view.status]}</p>
        </div>
        <div class="screen-body" tabIndex={0} role="region" aria-label={s.resultTitle}>
          {text && (
            <section class="suggest-box">
              <h2>{s.yourText}</h2>
              <p class="suggest-free-text">{text}</p>
            </section>
          )}
          <section class="suggest-box suggest-reply">
            <h2>{s.reply}</h2>
            {view.reply ? (
              <>
                <p class="suggest-free-text" data-testid="suggestion-reply">
                  {view.reply}
                </p>
                {view.repliedAt && <p class="hint">{s.repliedAt(formatDateTime(view.repliedAt, lang))}</p>}
              </>
            ) : (
              <p class="hint">{s.noReply}</p>
            )}
          </section>
        </div>
        <div class="actions">
          <button
            type="button"
            class="btn btn-secondary"
            onClick={() => {
              setOutcome(null);
              setCode('');
            }}
          >
            {s.another}
          </button>
          <button type="button" class="btn btn-primary" onClick={onBack}>
            {s.done}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main class="screen suggest">
      <h1 class="screen-title">{s.lookUp}</h1>
      <form class="field suggest-form" onSubmit={(e) => void search(e)}>
        <label class="field">
          <span class="field-label">{s.codeLabel}</span>
          <input
            class="text-input code-input"
            value={code}
            placeholder={s.codePlaceholder}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxLength={20}
            onInput={(e) => {
              onActivity?.();
              setCode((e.target as HTMLInputElement).value);
              setOutcome(null);
            }}
          />
        </label>
        {outcome && 'error' in outcome && (
          <p class="error" role="alert">
            {outcome.error === 'bad_code' ? s.badCode : s.notFound}
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onBack}>
            {s.back}
          </button>
          <button type="submit" class="btn btn-primary">
            {s.search}
          </button>
        </div>
      </form>
    </main>
  );
}
