/**
 * The console's 概览 over a big district: 2,000,000 visits across 200 stations in
 * the last 90 days, written into the bench server's SQLite store as pushes write
 * them (visits, their services, feed positions, and the rollups by the push path's
 * own function), many rows a statement, not over HTTP. Then, in Chromium, signed in:
 * the 90-day overview from the moment the page asks to the moment ECharts has drawn
 * every chart (server time, transfer, parse and render), the chart chunk already
 * loaded; the first, cold load (which fetches the chunk) and the server's answer
 * time alone are figures of their own.
 */
import { randomBytes } from 'node:crypto';
import { upsertAdmin } from '../server/store/admins';
import { createStation } from '../server/store/stations';
import { seedVisits } from '../test/support/visit-seed';
import type { BenchContext, Figures } from './lib/context';
import { figure } from './lib/stats';

const STATIONS = 200;
const HOSTS = [
  '康民大药房',
  '新华联超市',
  '电信营业厅',
  '社区服务中心',
  '益丰药房',
  '永辉超市',
  '移动营业厅',
  '便民服务站',
];

/** ms from the page asking for the overview to every chart drawn, for the newest request. */
const lastDrawMs = () =>
  performance.getEntriesByName('overview-drawn').at(-1)!.startTime -
  performance.getEntriesByName('overview-asked').at(-1)!.startTime;

export async function benchDashboard(ctx: BenchContext): Promise<Figures> {
  const visits = ctx.quick ? 200_000 : 2_000_000;
  const ids: string[] = [];
  for (let i = 0; i < STATIONS; i++) {
    const s = await createStation(ctx.db, {
      name: `铜心驿站 · ${HOSTS[i % HOSTS.length]}${Math.floor(i / HOSTS.length) + 1}号分站`,
      kind: i === 0 ? 'hub' : 'branch',
    });
    ids.push(s.id);
  }
  const t = performance.now();
  await seedVisits(ctx.db, ids, { count: visits, days: 90, perTransaction: 50_000, seed: 11 });
  ctx.log(`  seeded ${visits.toLocaleString('en')} visits in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const password = randomBytes(12).toString('base64url');
  await upsertAdmin(ctx.db, 'bench-dashboard', password);

  const context = await ctx.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await page.goto(`${ctx.server.url}/admin`);
    await page.getByLabel('用户名').fill('bench-dashboard');
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('[data-charts="drawn"]').waitFor({ timeout: 120_000 });
    const cold = await page.evaluate(lastDrawMs);
    const warm: number[] = [];
    const server: number[] = [];
    /** Clicks a range button and waits until the overview it asks for is drawn. */
    const show = async (name: string) => {
      const asked = await page.evaluate(() => performance.getEntriesByName('overview-asked').length);
      await page.getByRole('button', { name }).click();
      await page.waitForFunction(
        (n) =>
          performance.getEntriesByName('overview-asked').length > n &&
          performance.getEntriesByName('overview-drawn').length >=
            performance.getEntriesByName('overview-asked').length,
        asked,
        { timeout: 120_000 },
      );
    };
    for (let r = 0; r < ctx.reps; r++) {
      // Another range first, so that 近 90 天 is a new query (drawn afresh), not the one on screen.
      await show('近 30 天');
      await show('近 90 天');
      warm.push(await page.evaluate(lastDrawMs));
      const s = performance.now();
      const res = await page.request.get(`${ctx.server.url}/api/v1/admin/overview`);
      if (!res.ok()) throw new Error(`overview answered ${res.status()}`);
      await res.body();
      server.push(performance.now() - s);
    }
    return {
      dashboard_ms: figure(warm, 'ms', 0),
      dashboard_cold_ms: figure([cold], 'ms', 0),
      dashboard_server_ms: figure(server, 'ms', 0),
    };
  } finally {
    await context.close();
  }
}
