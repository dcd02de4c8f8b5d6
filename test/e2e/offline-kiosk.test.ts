/**
 * The walking skeleton end to end, in real Chromium against the server `npm start` runs:
 * enroll a kiosk, cut the network, reload, tap in 3 times, review them in host mode,
 * restore the network, and find exactly those 3 in the admin's export.
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

async function tapIn(phone: string | null, services: string[]) {
  await page.getByRole('button', { name: /打卡签到/ }).click();
  if (phone) {
    await typeOnKeypad(phone);
    await page.getByRole('button', { name: '下一步' }).click();
  } else {
    await page.getByRole('button', { name: '匿名签到' }).click();
  }
  for (const s of services) await page.getByRole('button', { name: s }).click();
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByText('签到成功').waitFor();
  await page.getByText('签到成功').click();
  await page.getByRole('button', { name: /打卡签到/ }).waitFor();
}

async function exportedIds(token: string): Promise<string[]> {
  const res = await fetch(`${product.url}/api/v1/export/visits?format=ndjson`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

describe('a kiosk with no network', () => {
  it('records visits offline, shows them to the host, and delivers exactly those to the server', async () => {
    expect(product.demoCode).toMatch(/^\d{10}$/);
    const apiToken = await product.admin('create-api-token', '--name', 'e2e');
    expect(apiToken).toMatch(/^wsa_/);

    await page.goto(product.url);
    await page.getByText('登记这台设备').waitFor();
    await typeOnKeypad(product.demoCode);
    await page.getByRole('button', { name: '下一步' }).click();
    await typeOnKeypad('2468');
    await page.getByRole('button', { name: '下一步' }).click();
    await typeOnKeypad('2468');
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByRole('heading', { name: '铜心驿站 · 康民药店分站' }).waitFor();

    // The first load is not controlled by the service worker: wait for it to activate, then reload.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: '铜心驿站 · 康民药店分站' }).waitFor();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('离线');

    await tapIn('13812345678', ['手机充电', '饮水']);
    await tapIn(null, ['歇脚休息']);
    await tapIn('13900004321', ['免费上网']);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('待同步 3 条');

    await page.getByRole('button', { name: '站点管理' }).click();
    await typeOnKeypad('2468');
    await page.getByRole('button', { name: '确认' }).click();
    const log = page.getByRole('region', { name: '到访记录' });
    await expect.poll(() => log.getByRole('row').count()).toBe(4);
    expect(await log.textContent()).toContain('138****5678');
    expect(await log.textContent()).not.toContain('13812345678');
    expect(await page.getByTestId('queued').textContent()).toBe('3');

    expect(await exportedIds(apiToken)).toEqual([]);
    const localIds: string[] = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('waystation');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('visits').objectStore('visits').getAllKeys();
            req.onsuccess = () => resolve(req.result as string[]);
          };
        }),
    );
    expect(localIds).toHaveLength(3);

    await context.setOffline(false);
    await expect.poll(() => exportedIds(apiToken), { timeout: 30_000 }).toHaveLength(3);
    expect((await exportedIds(apiToken)).sort()).toEqual([...localIds].sort());
    await expect.poll(() => page.getByTestId('queued').textContent(), { timeout: 10_000 }).toBe('0');
    await expect.poll(() => log.getByText('已同步').count()).toBe(3);

    // Once the server holds them, the kiosk's IndexedDB keeps no phone number in clear (issue 12, attack 6).
    const stored: string = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('waystation');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const names = [...open.result.objectStoreNames];
            const tx = open.result.transaction(names);
            const all: unknown[] = [];
            for (const name of names) {
              const req = tx.objectStore(name).getAll();
              req.onsuccess = () => all.push(req.result);
            }
            tx.oncomplete = () => resolve(JSON.stringify(all));
          };
        }),
    );
    expect(stored).toContain('138****5678');
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toContain('13900004321');
    // The host's log still shows them masked.
    expect(await log.textContent()).toContain('138****5678');
  });
});
