import { useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import type { FoundMember } from '../../db/people';
import { postWish } from '../../db/wishes';
import { WISH_TEXT_MAX, wishTextLength, wishTextProblem } from '../../domain/wish-text';
import { useT } from '../../i18n/i18n';
import { useWishesT } from '../../i18n/wishes';
import { WISH_CATEGORIES, type WishCategory } from '../../protocol/wishes';

export interface WishFormProps {
  db: KioskDb;
  /** The member posting, or null for an anonymous wish. */
  poster: FoundMember | null;
  stationId?: string;
  onBack: () => void;
  onPosted: () => void;
}

/**
 * The wish itself: a kind, and the text through a normal textarea, so the system's input method and
 * touch keyboard work (pinyin, handwriting, voice). Problems are said plainly; nothing is saved until right.
 */
export function WishForm({ db, poster, stationId, onBack, onPosted }: WishFormProps) {
  const t = useT();
  const w8 = useWishesT();
  const [category, setCategory] = useState<WishCategory | null>(null);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [state, setState] = useState<'typing' | 'saving' | 'failed'>('typing');
  const length = wishTextLength(text);
  const problem = wishTextProblem(text);
  // Too long is said at once (the counter turns red); the rest once the worker tries to post.
  const shownProblem = problem === 'too_long' || (tried && problem) ? problem : null;

  async function submit() {
    setTried(true);
    if (problem || !category) return;
    setState('saving');
    try {
      await postWish(db, { category, text, poster, ...(stationId ? { stationId } : {}) });
      onPosted();
    } catch (err) {
      console.error('posting a wish failed', err);
      setState('failed');
    }
  }

  return (
    <main class="screen screen-fit wish-screen wish-form">
      <h1 class="screen-title">{w8.post}</h1>
      <div class="screen-body">
        <p class="hint">{poster ? w8.asMember(poster.displayName, poster.memberNo) : w8.asAnonymous}</p>
        {poster && <p class="hint">{w8.reachMe}</p>}
        <fieldset class="field">
          <legend class="field-label">{w8.categoryLabel}</legend>
          <div class="choices choices-small">
            {WISH_CATEGORIES.map((c) => (
              <button type="button" key={c} class="choice" aria-pressed={category === c} onClick={() => setCategory(c)}>
                {w8.categories[c]}
              </button>
            ))}
          </div>
        </fieldset>
        {tried && !category && (
          <p class="error" role="alert">
            {w8.pickCategory}
          </p>
        )}
        <label class="field">
          <span class="field-label">{w8.textLabel}</span>
          <textarea
            class="text-input wish-input"
            rows={4}
            autocomplete="off"
            placeholder={w8.textHint}
            value={text}
            aria-invalid={shownProblem ? true : undefined}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setState('typing');
            }}
          />
        </label>
        <p class={length > WISH_TEXT_MAX ? 'wish-count wish-count-over' : 'wish-count'}>
          {w8.count(length, WISH_TEXT_MAX)}
        </p>
        {shownProblem && (
          <p class="error" role="alert">
            {w8.problems[shownProblem]}
          </p>
        )}
        {state === 'failed' && (
          <p class="error" role="alert">
            {w8.saveFailed}
          </p>
        )}
      </div>
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={onBack}>
          {t.back}
        </button>
        <button type="button" class="btn btn-primary" disabled={state === 'saving'} onClick={() => void submit()}>
          {state === 'saving' ? w8.saving : w8.submit}
        </button>
      </div>
    </main>
  );
}
