/**
 * The console's stations, devices and visits in a real Chromium against `npm start`: a double-click
 * on 创建 makes one station; editing its services reaches a kiosk enrolled there on its next pull;
 * the visits page totals and downloads every visit; the language switch turns the console English.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES_ZH } from '../../src/protocol/service-names';
import type { StationRecord } from '../../src/protocol/schemas';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { pushBody, visit } from '../support/fixtures';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  page = await context.newPage();
  await page.goto(`${product.url}/admin`);
  await page.getByLabel('用户名').fill(product.adminUser);
  await page.getByLabel('密码').fill(product.adminPassword);
  await page.getByRole('button', { name: '登录' }).click();
  // The console opens on 概览; these tests start on the stations page.
  await page.getByRole('button', { name: '驿站', exact: true }).click();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await product?.stop();
});

/** The stations as the console's own API lists them, with the page's session. */
async function stations(): Promise<StationRecord[]> {
  const res = await page.request.get(`${product.url}/api/v1/admin/stations`);
  return ((await res.json()) as { stations: StationRecord[] }).stations;
}

/** A kiosk enrolled with a code made on the stations page, as the kiosk enrolls over HTTP. */
async function enrollFromPage(stationName: string) {
  await page.getByRole('row').filter({ hasText: stationName }).getByRole('button', { name: '生成登记码' }).click();
  const notice = page.getByRole('status').filter({ hasText: '登记码' });
  const code = /登记码：(\d{10})/.exec((await notice.textContent()) ?? '')?.[1];
  const res = await fetch(`${product.url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: '前台签到机' }),
  });
  const { token } = (await res.json()) as { token: string };
  let cursor = '';
  return {
    token,
    /** The station record this kiosk holds after pulling all that is new. */
    async pullStation(): Promise<StationRecord | undefined> {
      let latest: StationRecord | undefined;
      for (;;) {
        const r = await fetch(`${product.url}/api/v1/sync/pull${cursor ? `?cursor=${cursor}` : ''}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await r.json()) as {
          changes: { kind: string; record: StationRecord }[];
          cursor: string;
          more: boolean;
        };
        cursor = body.cursor;
        latest = body.changes.filter((c) => c.kind === 'station').at(-1)?.record ?? latest;
        if (!body.more) return latest;
      }
    },
  };
}

describe('console stations', () => {
  it('creates one station on a double-click of 创建', async () => {
    await page.getByLabel('名称').last().fill('铜心驿站 · 新华超市分站');
    // Both clicks land before the first answer: the button is disabled while its request runs.
    await page.getByRole('button', { name: '创建' }).dblclick();
    await page.getByRole('status').filter({ hasText: '已创建' }).waitFor();
    await page.getByRole('row').filter({ hasText: '新华超市分站' }).waitFor();
    expect((await stations()).filter((s) => s.name === '铜心驿站 · 新华超市分站')).toHaveLength(1);
    expect(await page.getByRole('row').filter({ hasText: '新华超市分站' }).count()).toBe(1);
  });

  it("sends a station's edited services, Wi-Fi and hours to its enrolled kiosk on the next pull", async () => {
    const kiosk = await enrollFromPage('新华超市分站');
    expect((await kiosk.pullStation())?.services).toEqual(['rest', 'charging', 'water', 'internet', 'shelter']);

    await page.getByRole('row').filter({ hasText: '新华超市分站' }).getByRole('button', { name: '编辑' }).click();
    const form = page.getByRole('form', { name: /编辑驿站/ });
    await form.getByLabel('承办场所').selectOption('supermarket');
    await form.getByLabel(SERVICE_NAMES_ZH.shelter).uncheck();
    await form.getByLabel(SERVICE_NAMES_ZH.toilet).check();
    await form.getByLabel(SERVICE_NAMES_ZH.umbrella).check();
    await form.getByLabel('Wi-Fi 名称').fill('XinHua-Free');
    await form.getByLabel('Wi-Fi 密码').fill('12345678');
    await form.getByLabel('开放时间').fill('08:00–22:00');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await page.getByRole('row').filter({ hasText: '新华超市分站' }).filter({ hasText: '雨具借用' }).waitFor();

    expect(await kiosk.pullStation()).toMatchObject({
      name: '铜心驿站 · 新华超市分站',
      hostType: 'supermarket',
      services: ['rest', 'charging', 'water', 'internet', 'toilet', 'umbrella'],
      wifiName: 'XinHua-Free',
      wifiPassword: '12345678',
      hours: '08:00–22:00',
    });
  });

  it('totals the visits per service and downloads every one, oldest first, as an Excel table', async () => {
    const kiosk = await enrollFromPage('康民药店分站');
    const start = Date.now() - 3 * 86_400_000;
    const records = Array.from({ length: 150 }, (_, i) =>
      visit(i % 2 ? ['rest', 'water'] : ['charging'], null, new Date(start + i * 60_000)),
    );
    const pushed = await fetch(`${product.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
      body: JSON.stringify(pushBody(records)),
    });
    expect(pushed.status).toBe(200);

    await page.getByRole('button', { name: '到访数据' }).click();
    const totals = page.getByRole('region', { name: '合计' });
    await totals.getByText('150').first().waitFor();
    await expect.poll(() => totals.textContent()).toContain(`${SERVICE_NAMES_ZH.water}75`);
    await expect.poll(() => totals.textContent()).toContain(`${SERVICE_NAMES_ZH.charging}75`);
    await page.getByRole('row').filter({ hasText: '前台签到机' }).first().waitFor();

    await page.getByLabel('下载顺序').selectOption('oldest');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载 Excel 表/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^waystation-visits-.*-excel\.csv$/);
    const [header, ...rows] = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toContain('到访时间');
    expect(header).toContain(SERVICE_NAMES_ZH.water);
    expect(rows).toHaveLength(150);
    expect(rows[0]! < rows.at(-1)!).toBe(true);

    const [ndjson] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /NDJSON/ }).click(),
    ]);
    expect(ndjson.suggestedFilename()).toMatch(/\.ndjson$/);
  });

  it('switches the console to English and keeps it after a reload', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Stations' }).click();
    await page.getByRole('columnheader', { name: 'Services' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Visits' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '驿站' }).waitFor();
  });
});
