import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * Calls `onIdle` once no touch, click or key has come for `ms` (while `active`). With `warnMs`, answers
 * the whole seconds left during the last `warnMs` before that (null otherwise), so the screen can ask
 * "still there?"; any touch, including the warning's own button, starts the wait again.
 */
export function useIdle(
  active: boolean,
  ms: number,
  onIdle: () => void,
  warnMs = 0,
): { left: number | null; keep: () => void } {
  const [left, setLeft] = useState<number | null>(null);
  const restart = useRef<() => void>(() => {});
  useEffect(() => {
    if (!active) return;
    let deadline = 0;
    let idle: ReturnType<typeof setTimeout> | undefined;
    let warn: ReturnType<typeof setTimeout> | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;
    const showLeft = () => setLeft(Math.max(1, Math.ceil((deadline - Date.now()) / 1000)));
    const start = () => {
      clearTimeout(idle);
      clearTimeout(warn);
      clearInterval(tick);
      setLeft(null);
      deadline = Date.now() + ms;
      idle = setTimeout(() => {
        clearInterval(tick);
        setLeft(null);
        onIdle();
      }, ms);
      if (warnMs > 0)
        warn = setTimeout(
          () => {
            showLeft();
            tick = setInterval(showLeft, 1000);
          },
          Math.max(0, ms - warnMs),
        );
    };
    start();
    restart.current = start;
    const events = ['pointerdown', 'keydown', 'input'] as const;
    events.forEach((e) => window.addEventListener(e, start, { capture: true, passive: true }));
    return () => {
      clearTimeout(idle);
      clearTimeout(warn);
      clearInterval(tick);
      setLeft(null);
      restart.current = () => {};
      events.forEach((e) => window.removeEventListener(e, start, { capture: true }));
    };
  }, [active, ms, onIdle, warnMs]);
  const keep = useCallback(() => restart.current(), []);
  return { left, keep };
}
