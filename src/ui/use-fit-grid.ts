import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { fitGrid, type GridFit } from './fit-grid';

/**
 * Fits `count` tiles into the scrolling region the returned ref is put on (its first child is the grid),
 * again whenever the region changes size; `more` is true while tiles lie below the visible part.
 */
export function useFitGrid<E extends HTMLElement>(count: number) {
  const ref = useRef<E>(null);
  const [fit, setFit] = useState<GridFit>({ cols: 2, rowHeight: 200, scrolls: false });
  const [more, setMore] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const grid = el.firstElementChild;
      const gap = (grid && parseFloat(getComputedStyle(grid).rowGap)) || 24;
      const cs = getComputedStyle(el);
      const padX = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) || 0;
      const padY = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) || 0;
      const next = fitGrid(count, el.clientWidth - padX, el.clientHeight - padY, { gap });
      setFit((f) => (f.cols === next.cols && f.rowHeight === next.rowHeight && f.scrolls === next.scrolls ? f : next));
      setMore(el.scrollTop + el.clientHeight < el.scrollHeight - 4);
    };
    measure();
    // The unit tests' DOM (and very old kiosk browsers) may lack ResizeObserver; the first measure still holds.
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer?.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [count]);
  return { ref, fit, more };
}
