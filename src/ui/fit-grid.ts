/** How many columns and how tall the rows of a grid of tiles should be to fit its region. */
export interface GridFit {
  cols: number;
  /** Row height in px; at least `minRow`, so a region too small scrolls rather than squashing tiles. */
  rowHeight: number;
  /** True when the rows at `minRow` do not fit and the region must scroll. */
  scrolls: boolean;
}

/**
 * Picks the column count that gives the largest tiles for `count` tiles in a `width`×`height`
 * region: tiles no narrower than `minCol`, rows no shorter than `minRow`, as square as can be.
 */
export function fitGrid(
  count: number,
  width: number,
  height: number,
  { gap = 24, minCol = 200, minRow = 110, maxRow = 320 } = {},
): GridFit {
  const n = Math.max(1, count);
  let best: GridFit & { score: number } = { cols: 1, rowHeight: minRow, scrolls: true, score: -Infinity };
  for (let cols = 1; cols <= Math.min(n, 6); cols++) {
    const colWidth = (width - gap * (cols - 1)) / cols;
    if (cols > 1 && colWidth < minCol) break;
    const rows = Math.ceil(n / cols);
    const rowRoom = (height - gap * (rows - 1)) / rows;
    const rowHeight = Math.min(maxRow, Math.max(minRow, rowRoom));
    const scrolls = rowRoom < minRow;
    // The smaller side of a tile is what a gloved finger and the label get; a region that
    // scrolls is worth less than any layout that fits.
    // When every layout scrolls, the fewest rows scroll least.
    const score = scrolls ? -1e6 - rows : Math.min(colWidth, rowHeight * 1.6) - (rows * cols - n) * 2;
    if (score > best.score) best = { cols, rowHeight, scrolls, score };
  }
  return { cols: best.cols, rowHeight: Math.floor(best.rowHeight), scrolls: best.scrolls };
}
