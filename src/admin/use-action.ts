/** Runs one console action at a time and keeps its outcome as a sentence to show. */
import { useCallback, useRef, useState } from 'preact/hooks';
import { errorText } from './error-text';

export interface Outcome {
  tone: 'ok' | 'error';
  text: string;
}

/**
 * `run(action, done)` does nothing while an earlier action is still in flight — a ref, not
 * state, so a double-click in one frame cannot slip a second request past a re-render.
 * `failed` runs after the error is shown (a page reloads what it lists after a conflict).
 */
export function useAction() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = useCallback(
    async <T>(action: () => Promise<T>, done?: (result: T) => string | void, failed?: (err: unknown) => void) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      try {
        const result = await action();
        const text = done?.(result);
        setOutcome(text ? { tone: 'ok', text } : null);
      } catch (err) {
        setOutcome({ tone: 'error', text: errorText(err) });
        failed?.(err);
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [],
  );
  const fail = useCallback((text: string) => setOutcome({ tone: 'error', text }), []);
  return { busy, run, outcome, fail, clear: useCallback(() => setOutcome(null), []) };
}
