/**
 * The console's 概览 in a real Chromium against `npm start`: the admin signs in and
 * lands on the dashboard; its figures are the ones the exports give, for the demo
 * network with a kiosk's visits pushed over HTTP, and again after 200,000 generated
 * visits recounted with `npm run admin -- rebuild-rollups`.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/open-database';
import { listStations } from '../../server/store/stations';
import { uuid7 } from '../../src/protocol/uuid7';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { pushAs } from '../support/kiosk-http';
import { startProduct, type RunningProduct } from '../support/product';
import { seedVisits } from '../support/visit-seed';

let product: RunningProduct;
let browser: Browser;
let page: Page;

/** The number a figure card shows under its label. */
async function card(label: string): Promise<number> {
  const text = await page
    .locator('.dash-card')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('strong')
    .textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

/** The first day the dashboard shows and the day after its last (local days). */
async function shownDays(): Promise<{ from: string; to: string }> {
  const from = await page.getByLabel('从', { exact: true }).inputValue();
  const end = new Date(`${await page.getByLabel('到', { exact: true }).inputValue()}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from, to: end.toISOString().slice(0, 10) };
}

/** Visits the export holds for the local days the dashboard shows (Shanghai midnight to midnight). */
async function exportedVisits(filter: Record<string, string> = {}): Promise<number> {
  const { from, to } = await shownDays();
  const q = new URLSearchParams({
    all: '1',
    format: 'ndjson',
    from: `${from}T00:00:00+08:00`,
    to: `${to}T00:00:00+08:00`,
    ...filter,
  });
  const res = await page.request.get(`${product.url}/api/v1/export/visits?${q}`);
  expect(res.status()).toBe(200);
  return Number(res.headers()['x-total-count']);
}

async function exportedRows(name: string): Promise<Record<string, unknown>[]> {
  const res = await page.request.get(`${product.url}/api/v1/export/${name}?format=ndjson&limit=5000`);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  product = await startProduct();
  // A kiosk enrolled with the demo's code pushes visits of the last 120 days, as a kiosk does.
  const enrolled = (await (
    await fetch(`${product.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: product.demoCode, deviceName: '前台签到机' }),
    })
  ).json()) as { token: string };
  const records = Array.from({ length: 300 }, (_, i) => {
    const at = Date.now() - i * 9.6 * 3_600_000;
    return {
      id: uuid7(at),
      createdAt: new Date(at).toISOString(),
      services: i % 3 ? ['rest', 'water'] : ['charging'],
      phone: null,
      memberId: null,
    };
  });
  for (let i = 0; i < records.length; i += 100) {
    const results = await pushAs(
      product.url,
      enrolled.token,
      records.slice(i, i + 100).map((record) => ({ kind: 'visit', op: 'put', record })),
    );
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${product.url}/admin`);
  await page.getByLabel('用户名').fill(product.adminUser);
  await page.getByLabel('密码').fill(product.adminPassword);
  await page.getByRole('button', { name: '登录' }).click();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('the dashboard', () => {
  it('opens first after sign-in and shows the figures the exports give', async () => {
    await page.locator('[data-charts="drawn"]').waitFor();
    expect(await page.getByRole('button', { name: '概览' }).getAttribute('aria-current')).toBe('page');
    const visits = await card('到访人次');
    // 90 days of a visit every 9.6 hours: 225, give or take the edges of the days.
    expect(visits).toBeGreaterThan(200);
    expect(visits).toBe(await exportedVisits());
    const members = (await exportedRows('members')).filter((m) => !m.merged_into);
    expect(await card('登记人员')).toBe(members.length);
    expect(await card('党员')).toBe(members.filter((m) => m.party_member === true).length);
    expect(await card('微心愿')).toBe((await exportedRows('wishes')).length);
    expect(await card('意见建议')).toBe((await exportedRows('suggestions')).length);
    // Every station of the demo district that is not archived.
    const store = await openDatabase({ dataDir: product.dataDir, databaseUrl: product.databaseUrl || undefined });
    try {
      const live = (await listStations(store.db)).filter((s) => !s.archivedAt);
      expect(live.length).toBeGreaterThan(1);
      expect(await card('驿站')).toBe(live.length);
    } finally {
      await store.close();
    }
  });

  it('filters by station and by days, and says plainly when the range is backwards', async () => {
    const stationName = '铜心驿站 · 康民药店分站';
    await page.getByRole('combobox').selectOption({ label: stationName });
    await page.getByRole('button', { name: '近 30 天' }).click();
    await page.getByRole('button', { name: '查看' }).click();
    await expect.poll(() => card('驿站')).toBe(1);
    const station = (await page.getByRole('combobox').inputValue()) || '';
    expect(await card('到访人次')).toBe(await exportedVisits({ station }));
    await page.getByLabel('从', { exact: true }).fill('2026-11-20');
    await page.getByLabel('到', { exact: true }).fill('2026-11-10');
    await page.getByRole('button', { name: '查看' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('结束日期早于开始日期，请重新选择');
  });

  it('shows 200,000 more visits once the rollups are rebuilt from the raw rows', async () => {
    const store = await openDatabase({ dataDir: product.dataDir });
    try {
      const ids = (await listStations(store.db)).map((s) => s.id);
      await seedVisits(store.db, ids, { count: 200_000, days: 90, rollups: false, seed: 3 });
    } finally {
      await store.close();
    }
    expect(Number(await product.admin('rebuild-rollups'))).toBe(200_300);
    await page.reload();
    await page.locator('[data-charts="drawn"]').waitFor();
    const visits = await card('到访人次');
    expect(visits).toBeGreaterThan(190_000);
    // The count the visits page says its download will hold, for the same days (streaming 200,000 rows here is slow).
    const { from, to } = await shownDays();
    const q = new URLSearchParams({ from: `${from}T00:00:00+08:00`, to: `${to}T00:00:00+08:00` });
    const listed = await page.request.get(`${product.url}/api/v1/admin/visits?${q}`);
    expect(visits).toBe(((await listed.json()) as { total: number }).total);
  }, 240_000);
});
