import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { WishView } from '../../db/wishes';
import { useLang } from '../../i18n/i18n';
import { useWishesT } from '../../i18n/wishes';
import { WishCard } from './WishCard';

/** A wish card's height in em (wishes.css holds the same figure): the wall pages by whole cards. */
const CARD_EM = 9.4;
/** Cards at least this wide (px) sit side by side; below it one column. */
const MIN_COL_PX = 560;

export interface WishWallProps {
  wishes: WishView[];
  onOpen?: (w: WishView) => void;
  /** Cards per page before the wall has measured itself (unit tests, the first frame). */
  initialPerPage?: number;
  /** The page shown, when the caller keeps it (so it survives opening a wish); else the wall keeps its own. */
  page?: number;
  onPage?: (page: number) => void;
}

/**
 * The wish wall: as many whole cards as fit the screen, paged with big buttons (or a swipe)
 * rather than scrolled, so a cracked or gloved touch still gets through it; only one page is drawn.
 */
export function WishWall({ wishes, onOpen, initialPerPage = 6, page: shownPage, onPage }: WishWallProps) {
  const w8 = useWishesT();
  const lang = useLang();
  const region = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState({ cols: 1, perPage: initialPerPage });
  const [ownPage, setOwnPage] = useState(0);
  const page = shownPage ?? ownPage;
  const setPage = onPage ?? setOwnPage;
  const swipe = useRef<number | null>(null);
  /** A swipe that ends on a card is not a tap on it. */
  const swiped = useRef(false);
  useLayoutEffect(() => {
    const el = region.current;
    if (!el) return;
    const measure = () => {
      const em = parseFloat(getComputedStyle(el).fontSize) || 26;
      const gap = em * 0.8;
      const w = el.clientWidth;
      const h = el.clientHeight;
      // An unmeasured region (no layout, as in unit tests) keeps the initial page size.
      if (w === 0 || h === 0) return;
      const cols = Math.max(1, Math.min(3, Math.floor((w + gap) / (MIN_COL_PX + gap))));
      const rows = Math.max(1, Math.floor((h + gap) / (CARD_EM * em + gap)));
      setFit((f) => (f.cols === cols && f.perPage === cols * rows ? f : { cols, perPage: cols * rows }));
    };
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);
  const pages = Math.max(1, Math.ceil(wishes.length / fit.perPage));
  const at = Math.min(page, pages - 1);
  const shown = wishes.slice(at * fit.perPage, (at + 1) * fit.perPage);
  const go = (to: number) => setPage(Math.max(0, Math.min(pages - 1, to)));
  return (
    <div class="wish-wall">
      <div
        class="wish-region"
        ref={region}
        onPointerDown={(e) => (swipe.current = e.clientX)}
        onPointerUp={(e) => {
          const from = swipe.current;
          swipe.current = null;
          swiped.current = false;
          if (from === null || Math.abs(e.clientX - from) < 120) return;
          swiped.current = true;
          go(at + (e.clientX < from ? 1 : -1));
        }}
      >
        {wishes.length === 0 ? (
          <p class="hint wish-empty">{w8.wallEmpty}</p>
        ) : (
          <ul class="wish-grid" style={{ gridTemplateColumns: `repeat(${fit.cols}, minmax(0, 1fr))` }}>
            {shown.map((w) => (
              <WishCard
                key={w.record.id}
                wish={w}
                w8={w8}
                lang={lang}
                onOpen={(x) => (swiped.current ? (swiped.current = false) : onOpen?.(x))}
              />
            ))}
          </ul>
        )}
      </div>
      {pages > 1 && (
        <nav class="wish-pager" aria-label={w8.pageOf(at + 1, pages)}>
          <button type="button" class="btn btn-secondary" disabled={at === 0} onClick={() => go(at - 1)}>
            ‹ {w8.prevPage}
          </button>
          <span class="wish-page" aria-live="polite">
            {w8.pageOf(at + 1, pages)}
          </span>
          <button type="button" class="btn btn-secondary" disabled={at >= pages - 1} onClick={() => go(at + 1)}>
            {w8.nextPage} ›
          </button>
        </nav>
      )}
    </div>
  );
}
