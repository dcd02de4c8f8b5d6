/**
 * A tap-in as the courier meets it on a slow kiosk (issue 13): the real app in
 * Chromium, 打卡签到 → 匿名签到 → a service → 确认, timed in the page from the
 * 确认 click to the first frame that shows 签到成功 — with the CPU as it is (the
 * baseline) and throttled 4× through CDP (`Emulation.setCPUThrottlingRate`).
 */
import { createEnrollCode } from '../server/store/devices';
import { createStation } from '../server/store/stations';
import type { BenchContext, Figures } from './lib/context';
import { figure, percentile } from './lib/stats';

const PIN = '2468';

export async function benchTapInUi(ctx: BenchContext): Promise<Figures> {
  const taps = ctx.quick ? 5 : 12;
  const context = await ctx.browser.newContext({ viewport: { width: 1080, height: 1920 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const station = await createStation(ctx.db, { name: '测速分站', kind: 'branch' });
    const { code } = await createEnrollCode(ctx.db, station.id);
    await page.goto(ctx.server.url);
    const key = (d: string) => page.getByRole('button', { name: d, exact: true }).click();
    for (const d of code) await key(d);
    await page.getByRole('button', { name: '下一步' }).click();
    for (const step of ['下一步', '登记']) {
      await page.getByText(/第 [23] 步/).waitFor();
      for (const d of PIN) await key(d);
      await page.getByRole('button', { name: step }).click();
    }
    await page.getByRole('button', { name: /打卡签到/ }).waitFor();
    // In the page: the 确认 click's time, and the first frame after 签到成功 is in the document.
    await page.evaluate(() => {
      const w = window as unknown as { tapLatencies: number[] };
      w.tapLatencies = [];
      document.addEventListener(
        'click',
        (e) => {
          const button = (e.target as Element | null)?.closest('button');
          if (button?.textContent?.trim() !== '确认') return;
          const start = e.timeStamp;
          const seen = new MutationObserver(() => {
            if (!document.body.textContent?.includes('签到成功')) return;
            seen.disconnect();
            requestAnimationFrame(() => w.tapLatencies.push(performance.now() - start));
          });
          seen.observe(document.body, { childList: true, subtree: true, characterData: true });
        },
        true,
      );
    });
    const cdp = await context.newCDPSession(page);
    const run = async (rate: number): Promise<number> => {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.evaluate(() => ((window as unknown as { tapLatencies: number[] }).tapLatencies = []));
      for (let i = 0; i < taps; i++) {
        await page.getByRole('button', { name: /打卡签到/ }).click();
        await page.getByRole('button', { name: '匿名签到' }).click();
        await page.getByRole('button', { name: '歇脚休息' }).click();
        await page.getByRole('button', { name: '确认' }).click();
        await page.getByText('签到成功').click();
        await page.getByRole('button', { name: /打卡签到/ }).waitFor();
      }
      const times = await page.evaluate(() => (window as unknown as { tapLatencies: number[] }).tapLatencies);
      return percentile(times, 95);
    };
    const plain: number[] = [];
    const slow: number[] = [];
    for (let r = 0; r < ctx.reps; r++) {
      plain.push(await run(1));
      slow.push(await run(4));
      ctx.log(
        `tap-in on screen rep ${r + 1}: p95 ${plain.at(-1)!.toFixed(0)} ms, 4× CPU ${slow.at(-1)!.toFixed(0)} ms`,
      );
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return {
      tapin_screen_p95_ms: figure(plain, 'ms', 1),
      tapin_screen_cpu4x_p95_ms: figure(slow, 'ms', 1),
    };
  } finally {
    await context.close();
  }
}
