/**
 * 附近驿站 end to end, in real Chromium against the server `npm start` runs: a kiosk enrolled at the
 * demo's pharmacy pulls the district's directory, the network is cut, and the kiosk still shows the
 * nearest station that is open now — at a fixed evening hour when the nearer ones have closed.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const key = (d: string) => page.getByRole('button', { name: d, exact: true });

async function typeOnKeypad(digits: string) {
  for (const d of digits) await key(d).click();
}

/** Monday 30 November 2026, 23:00 in the district (UTC+8): the hub closed at 22:00, the night shop is open. */
const MONDAY_11PM = new Date('2026-11-30T15:00:00Z');

describe('nearby stations with the network cut', () => {
  it('lists the district nearest first and names the nearest station open now', async () => {
    await page.goto(product.url);
    await page.getByText('登记这台设备').waitFor();
    await typeOnKeypad(product.demoCode);
    await page.getByRole('button', { name: '下一步' }).click();
    await typeOnKeypad('2468');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeOnKeypad('2468');
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByRole('heading', { name: '铜心驿站 · 康民药店分站' }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Online, the first sync brings the whole district's directory.
    await page.getByRole('button', { name: '附近驿站' }).click();
    await expect.poll(() => page.locator('.nearby-list .nearby-item').count(), { timeout: 30_000 }).toBe(8);
    await page.getByRole('button', { name: '返回' }).click();

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: '铜心驿站 · 康民药店分站' }).waitFor();
    await page.clock.setFixedTime(MONDAY_11PM);
    await page.getByRole('button', { name: '附近驿站' }).click();

    const best = page.getByRole('status').filter({ hasText: '最近的营业中驿站' });
    expect(await best.textContent()).toContain('铜心驿站 · 夜归人便利店分站');
    expect(await best.textContent()).toContain('东方向');
    const items = page.locator('.nearby-list .nearby-item');
    expect(await items.count()).toBe(8);
    // The nearest is the hub, 800 m away, inside the 15-minute circle but closed at this hour.
    const first = items.first();
    expect(await first.getByRole('heading').textContent()).toBe('铜心驿站 · 街道总站');
    expect(await first.textContent()).toContain('已打烊');
    expect(await first.textContent()).toContain('一刻钟内');
    expect(await first.textContent()).toContain('明天 08:00 开门');
    const night = items.filter({ hasText: '夜归人便利店分站' });
    expect(await night.textContent()).toContain('营业中');
    expect(await night.textContent()).toContain('营业到 06:00');
    // The sketch is drawn here, with no map tiles.
    expect(await page.locator('.sketch svg .dot').count()).toBe(8);
    // The hub's Wi-Fi password is nowhere in this kiosk's storage.
    const stored: string = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('waystation');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction([...db.objectStoreNames], 'readonly');
            const all = [...db.objectStoreNames].map(
              (name) =>
                new Promise<unknown[]>((done) => {
                  const req = tx.objectStore(name).getAll();
                  req.onsuccess = () => done(req.result);
                }),
            );
            void Promise.all(all).then((rows) => resolve(JSON.stringify(rows)));
          };
        }),
    );
    expect(stored).toContain('夜归人便利店分站');
    expect(stored).not.toContain('tongxin-2026');
  });
});
