/** The services screen's tiles fit the room between the instruction and the buttons, for any catalogue. */
import { describe, expect, it } from 'vitest';
import { fitGrid } from '../../src/ui/fit-grid';

// The tiles' region on each kiosk, roughly: the screen less its title, instruction, buttons and padding.
const REGIONS = {
  portrait: [1000, 1420],
  landscape: [1560, 640],
  tablet: [730, 880],
  smallLandscape: [1180, 420],
} as const;

describe('fitGrid', () => {
  for (const [name, [w, h]] of Object.entries(REGIONS)) {
    for (const n of [1, 5, 10, 12]) {
      it(`fits ${n} services in the ${name} region without scrolling, tiles at least 110 px high`, () => {
        const fit = fitGrid(n, w, h);
        const rows = Math.ceil(n / fit.cols);
        expect(fit.scrolls).toBe(false);
        expect(fit.rowHeight).toBeGreaterThanOrEqual(110);
        expect(rows * fit.rowHeight + (rows - 1) * 24).toBeLessThanOrEqual(h);
        expect((w - (fit.cols - 1) * 24) / fit.cols).toBeGreaterThanOrEqual(n === 1 ? 0 : 200);
      });
    }
  }

  it('scrolls rather than squash tiles below 110 px when there is no room', () => {
    const fit = fitGrid(12, 400, 300);
    expect(fit.scrolls).toBe(true);
    expect(fit.rowHeight).toBe(110);
  });
});
