import { peopleT as t } from './console-lang';

/** Previous / next over a server-side paged list, with "第 1–50 人，共 1640 人". */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
  top = false,
}: {
  /** Above the table: the same controls, spaced for the top. */
  top?: boolean;
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const to = Math.min(offset + limit, total);
  return (
    <nav class={top ? 'pager top' : 'pager'} aria-label={top ? t.pagerTop : t.pagerBottom}>
      <span>{t.pageOf(offset + 1, to, total)}</span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {t.prevPage}
      </button>
      <button type="button" disabled={to >= total} onClick={() => onOffset(offset + limit)}>
        {t.nextPage}
      </button>
    </nav>
  );
}
