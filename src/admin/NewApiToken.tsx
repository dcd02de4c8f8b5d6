import { useRef, useState } from 'preact/hooks';
import { API_TOKEN_DAYS, MAX_API_TOKEN_DAYS, type ApiTokenCreatedResponse } from '../protocol/api-tokens';
import { accessApi } from './access-api';
import { accessPageT as t } from './console-lang';
import { Notice } from './Notice';
import type { useAction } from './use-action';

/**
 * The form that makes an API token: a name, the clear-phones scope as a box with its warning beside
 * it, the days it lives. `onMade` gets the answer, secret included, for the page to show once.
 */
export function NewApiToken({
  action,
  onStart,
  onMade,
}: {
  action: ReturnType<typeof useAction>;
  onStart: () => void;
  onMade: (made: ApiTokenCreatedResponse) => void;
}) {
  const [name, setName] = useState('');
  const [phones, setPhones] = useState(false);
  const [days, setDays] = useState(String(API_TOKEN_DAYS));
  const [problem, setProblem] = useState('');

  function submit(e: Event) {
    e.preventDefault();
    const n = Number(days);
    if (!name.trim()) return setProblem(t.nameRequired);
    if (!Number.isInteger(n) || n < 1 || n > MAX_API_TOKEN_DAYS) return setProblem(t.daysRange);
    setProblem('');
    // A token made before is hidden the moment another is asked for: only one secret on screen at a time.
    onStart();
    void action.run(
      () =>
        accessApi.createToken({
          name: name.trim(),
          scopes: phones ? ['export', 'export:phones'] : ['export'],
          days: n,
        }),
      (made) => {
        setName('');
        setPhones(false);
        setDays(String(API_TOKEN_DAYS));
        onMade(made);
      },
    );
  }

  return (
    <form class="panel new-token" onSubmit={submit} aria-labelledby="new-token-title" noValidate>
      <h3 id="new-token-title">{t.newToken}</h3>
      <div class="new-token-fields">
        <label class="grow">
          {t.name}
          <input
            value={name}
            maxLength={60}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-describedby="token-name-hint"
          />
          <small id="token-name-hint" class="sub">
            {t.nameHint}
          </small>
        </label>
        <label class="token-days">
          {t.days}
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_API_TOKEN_DAYS}
            step={1}
            value={days}
            onInput={(e) => setDays(e.currentTarget.value)}
            aria-describedby="token-days-hint"
          />
          <small id="token-days-hint" class="sub">
            {t.daysHint}
          </small>
        </label>
      </div>
      <div class={phones ? 'phones-scope on' : 'phones-scope'}>
        <label class="check">
          <input
            type="checkbox"
            checked={phones}
            onChange={(e) => setPhones(e.currentTarget.checked)}
            aria-describedby="phones-warning"
          />
          {t.phonesScope}
        </label>
        <p id="phones-warning">{t.phonesWarning}</p>
      </div>
      <Notice text={problem} tone="error" />
      <button type="submit" class="primary" disabled={action.busy}>
        {action.busy ? t.creating : t.create}
      </button>
    </form>
  );
}

/** The token just made, shown this once in a read-only field with a copy button; gone when the admin leaves or makes another. */
export function TokenShownOnce({ made, onDismiss }: { made: ApiTokenCreatedResponse; onDismiss: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  async function copyIt() {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(made.token);
      setCopy({ tone: 'ok', text: t.copied });
    } catch {
      // No clipboard (an insecure origin, a denied permission): the text is selected for the admin to copy.
      setCopy({ tone: 'error', text: t.copyFailed });
    }
  }

  return (
    <section class="panel token-once" aria-labelledby="token-once-title">
      <h3 id="token-once-title">{t.madeTitle(made.name)}</h3>
      <p class="once-warning" role="alert">
        {t.onceWarning}
      </p>
      <label>
        {t.tokenLabel}
        <span class="token-copy">
          <input ref={field} class="mono" readOnly value={made.token} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="primary" onClick={() => void copyIt()}>
            {t.copy}
          </button>
        </span>
      </label>
      {copy && <Notice text={copy.text} tone={copy.tone} />}
      <button type="button" onClick={onDismiss}>
        {t.dismiss}
      </button>
    </section>
  );
}
