/** Kiosk weight (gzip of the first screen's JS+CSS and of the whole precache) and offline cold start in Chromium. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BrowserKiosk } from '../test/support/browser-kiosk';
import { createEnrollCode } from '../server/store/devices';
import { createStation } from '../server/store/stations';
import type { BenchContext, Figures } from './lib/context';
import { figure } from './lib/stats';

const gzipKb = (dist: string, files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f.replace(/^\//, '')))).length, 0) / 1024;

/** Files index.html loads before the first screen: the entry script, its preloaded chunks, stylesheets. */
function firstScreenFiles(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  return [...new Set([...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!))];
}

/** Every file the service worker precaches, from the manifest Workbox injected into sw.js. */
function precacheFiles(dist: string): string[] {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  return [...new Set([...sw.matchAll(/"?url"?:"([^"]+)"/g)].map((m) => m[1]!))];
}

export async function benchWeight(ctx: BenchContext): Promise<Figures> {
  const first = gzipKb(ctx.distDir, firstScreenFiles(ctx.distDir));
  const precache = gzipKb(ctx.distDir, precacheFiles(ctx.distDir));

  const station = await createStation(ctx.db, { name: '冷启动分站', kind: 'branch' });
  const context = await ctx.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = new BrowserKiosk(context, await context.newPage(), ctx.server.url);
  await kiosk.enroll((await createEnrollCode(ctx.db, station.id)).code);
  await kiosk.page.reload();
  await kiosk.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await kiosk.page.close();
  await context.setOffline(true);
  const starts: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const page = await context.newPage();
    await page.goto(ctx.server.url);
    await page.getByRole('button', { name: /打卡签到/ }).waitFor();
    starts.push(await page.evaluate(() => performance.getEntriesByName('kiosk-home-interactive')[0]?.startTime ?? NaN));
    await page.close();
  }
  await context.close();
  return {
    first_screen_js_gzip_kb: figure([first], 'KB', 1),
    precache_kb: figure([precache], 'KB', 1),
    offline_cold_start_ms: figure(starts, 'ms', 0),
  };
}
