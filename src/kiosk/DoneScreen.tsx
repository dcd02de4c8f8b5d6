import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/i18n';

export interface DoneScreenProps {
  afterMs: number;
  onDone: () => void;
  /** What else to tell the worker (a member's sign-up answers). */
  children?: ComponentChildren;
}

/** Thank-you; returns home by itself, or at a touch. */
export function DoneScreen({ afterMs, onDone, children }: DoneScreenProps) {
  const t = useT();
  const [left, setLeft] = useState(Math.ceil(afterMs / 1000));
  useEffect(() => {
    const end = setTimeout(onDone, afterMs);
    const tick = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => {
      clearTimeout(end);
      clearInterval(tick);
    };
  }, [afterMs, onDone]);
  return (
    <main class="screen done" onClick={onDone}>
      <div class="done-mark" aria-hidden="true">
        ✓
      </div>
      <h1 class="screen-title">{t.doneTitle}</h1>
      <p class="done-body">{t.doneBody}</p>
      {children}
      <p class="hint">{t.doneReturn(left)}</p>
    </main>
  );
}
