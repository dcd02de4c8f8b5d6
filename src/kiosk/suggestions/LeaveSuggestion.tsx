import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import type { FoundMember } from '../../db/people';
import { leaveSuggestion } from '../../db/suggestions';
import { useSuggestionT } from '../../i18n/suggestions';
import { SUGGESTION_CATEGORIES, type SuggestionCategory, type SuggestionRecord } from '../../protocol/wishes';
import { MemberFinder } from '../people/MemberFinder';
import { hasCamera } from './compress-photo';
import { PhotoCapture } from './PhotoCapture';
import { PhotoPreview } from './PhotoPreview';
import { MAX_TEXT, textProblem } from './text-problem';

export interface LeaveSuggestionProps {
  db: KioskDb;
  onSaved: (record: SuggestionRecord, withPhoto: boolean) => void;
  onBack: () => void;
  onActivity?: () => void;
}

type Step = 'category' | 'text' | 'camera' | 'who' | 'finder';

/** 提建议: a topic, the text (system keyboard), an optional photo, who (or anonymous); saved offline. */
export function LeaveSuggestion({ db, onSaved, onBack, onActivity }: LeaveSuggestionProps) {
  const s = useSuggestionT();
  const [step, setStep] = useState<Step>('category');
  const [category, setCategory] = useState<SuggestionCategory | null>(null);
  const [text, setText] = useState('');
  const [shownProblem, setShownProblem] = useState(false);
  const [photo, setPhoto] = useState<{ type: string; bytes: Uint8Array } | null>(null);
  const [camera, setCamera] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  useEffect(() => void hasCamera().then(setCamera), []);

  const problem = textProblem(text);
  const problemText =
    problem === 'empty'
      ? s.textEmpty
      : problem === 'too_long'
        ? s.textTooLong(MAX_TEXT)
        : problem
          ? s.textNoWords
          : null;

  async function save(member: FoundMember | null) {
    if (saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      const record = await leaveSuggestion(db, { category: category!, text, memberId: member?.id ?? null, photo });
      onSaved(record, photo !== null);
    } catch {
      // The schema refused what the screen let through (hidden characters), or storage failed.
      setSaveError(textProblem(text) === null ? s.textInvalid : s.saveFailed);
      setSaving(false);
      setStep('text');
    }
  }

  if (step === 'category') {
    return (
      <main class="screen screen-fit suggest">
        <h1 class="screen-title">{s.categoryTitle}</h1>
        <div class="choices" role="group" aria-label={s.categoryTitle}>
          {SUGGESTION_CATEGORIES.map((c) => (
            <button
              key={c}
              type="button"
              class="choice"
              aria-pressed={category === c}
              onClick={() => {
                onActivity?.();
                setCategory(c);
                setStep('text');
              }}
            >
              {s.categories[c]}
            </button>
          ))}
        </div>
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onBack}>
            {s.back}
          </button>
        </div>
      </main>
    );
  }

  if (step === 'camera') {
    return (
      <main class="screen screen-fit suggest">
        <h1 class="screen-title">{s.photoAdd}</h1>
        <PhotoCapture
          onTaken={(p) => {
            setPhoto(p);
            setStep('text');
          }}
          onCancel={() => setStep('text')}
        />
      </main>
    );
  }

  if (step === 'who' || step === 'finder') {
    return (
      <main class="screen screen-fit suggest">
        <h1 class="screen-title">{s.whoTitle}</h1>
        <p class="hint">{s.whoHint}</p>
        {saving && <p class="hint">{s.saving}</p>}
        {step === 'finder' ? (
          <MemberFinder db={db} start="phone" onFound={(m) => void save(m)} />
        ) : (
          <div class="suggest-who">
            <button type="button" class="btn btn-primary" disabled={saving} onClick={() => void save(null)}>
              {s.anonymous}
            </button>
            <button type="button" class="btn btn-secondary" disabled={saving} onClick={() => setStep('finder')}>
              {s.identified}
            </button>
          </div>
        )}
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={() => setStep(step === 'finder' ? 'who' : 'text')}>
            {s.back}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main class="screen screen-fit suggest">
      <h1 class="screen-title">
        {s.textTitle} · {s.categories[category!]}
      </h1>
      <label class="field">
        <span class="hint">{s.textHint}</span>
        <textarea
          class="text-input suggest-text"
          value={text}
          rows={5}
          onInput={(e) => {
            onActivity?.();
            setText((e.target as HTMLTextAreaElement).value);
            setSaveError(null);
          }}
        />
      </label>
      <p class="hint suggest-count" aria-live="polite">
        {s.textCount([...text.trim()].length, MAX_TEXT)}
      </p>
      {(shownProblem && problemText) || saveError ? (
        <p class="error" role="alert">
          {saveError ?? problemText}
        </p>
      ) : null}
      {photo ? (
        <PhotoPreview photo={photo} onRetake={() => setStep('camera')} onRemove={() => setPhoto(null)} />
      ) : (
        camera && (
          <button type="button" class="btn btn-secondary suggest-photo-btn" onClick={() => setStep('camera')}>
            {s.photoAdd}
          </button>
        )
      )}
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={() => setStep('category')}>
          {s.back}
        </button>
        <button
          type="button"
          class="btn btn-primary"
          onClick={() => {
            setShownProblem(true);
            if (!problem) setStep('who');
          }}
        >
          {s.next}
        </button>
      </div>
    </main>
  );
}
