/**
 * Data safety in real Chromium with the real app and service worker: strict
 * durability, persistent storage, two tabs, an app update while records wait,
 * and a kiosk whose site data was wiped.
 */
import { cpSync, mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listDevices } from '../../server/store/devices';
import { openSqlite } from '../../server/store/open-database';
import { listStations } from '../../server/store/stations';
import { BrowserKiosk } from '../support/browser-kiosk';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { createRandom } from '../support/prng';
import { startProduct, type RunningProduct } from '../support/product';

const random = createRandom(7);
const distCopy = mkdtempSync(join(tmpdir(), 'waystation-dist-'));
let product: RunningProduct;
let browser: Browser;
let proxy: FaultProxy;
let context: BrowserContext | undefined;

beforeAll(async () => {
  // A copy of the built app, so one test can ship a "new version" of the service worker.
  cpSync(fileURLToPath(new URL('../../dist', import.meta.url)), distCopy, { recursive: true });
  product = await startProduct({ DIST_DIR: distCopy });
  proxy = await startFaultProxy(random, Number(new URL(product.url).port));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  proxy.setFaultRate(0);
  proxy.setPushDelay(0);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await product?.stop();
  rmSync(distCopy, { recursive: true, force: true });
});

/** A freshly enrolled kiosk (in a new browser context) at the demo network's station number `index`. */
async function newKiosk(index = 1) {
  context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = new BrowserKiosk(context, await context.newPage(), proxy.url);
  await kiosk.enroll(await product.admin('enroll-code', '--station', await stationId(index)));
  return kiosk;
}

/** The id of the demo's station number `index` (0 the hub, 1 the pharmacy, 2 the telecom hall; not the directory's others). */
async function stationId(index: number): Promise<string> {
  const names = ['铜心驿站 · 街道总站', '铜心驿站 · 康民药店分站', '铜心驿站 · 电信营业厅分站'];
  const store = await openSqlite(product.dataDir);
  try {
    const stations = await listStations(store.db);
    const found = index === 0 ? stations.find((s) => s.kind === 'hub') : stations.find((s) => s.name === names[index]);
    return found!.id;
  } finally {
    await store.close();
  }
}

async function serverVisitIds(): Promise<string[]> {
  const token = await product.admin('create-api-token', '--name', 'e2e');
  const text = await (
    await fetch(`${product.url}/api/v1/export/visits?limit=5000`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

describe('in real Chromium', () => {
  it('commits a tap-in with strict durability before thanking the courier, and asked for persistent storage', async () => {
    context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await context.addInitScript(() => {
      const log: { stores: string[]; mode: string; durability: string }[] = [];
      (window as unknown as { __tx: typeof log }).__tx = log;
      const original = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (this: IDBDatabase, stores, mode, options) {
        const tx = original.call(this, stores, mode, options);
        log.push({
          stores: [...(typeof stores === 'string' ? [stores] : stores)],
          mode: tx.mode,
          durability: tx.durability,
        });
        return tx;
      } as typeof original;
      let persistCalls = 0;
      const persist = navigator.storage.persist.bind(navigator.storage);
      navigator.storage.persist = () => {
        persistCalls++;
        localStorage.setItem('persistCalls', String(persistCalls));
        return persist();
      };
    });
    const kiosk = new BrowserKiosk(context, await context.newPage(), proxy.url);
    await kiosk.enroll(await product.admin('enroll-code', '--station', await stationId(1)));
    expect(await kiosk.page.evaluate(() => localStorage.getItem('persistCalls'))).toBe('1');
    await kiosk.tapIn(random, '饮水');
    const writes = await kiosk.page.evaluate(() =>
      (window as unknown as { __tx: { stores: string[]; mode: string; durability: string }[] }).__tx.filter(
        (t) => t.mode === 'readwrite' && t.stores.includes('visits') && t.stores.includes('outbox'),
      ),
    );
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.map((w) => w.durability)).toEqual(writes.map(() => 'strict'));

    await kiosk.openHost();
    const persisted = await kiosk.page.evaluate(() => navigator.storage.persisted());
    const shown = await kiosk.page.getByTestId('storage').textContent();
    expect(shown).toContain(persisted ? '已设为持久保存' : '未设为持久保存');
    expect(shown).toMatch(/已用 .* \/ 可用 /);
  });

  it('never lets two tabs push at once, nor push the same record twice', async () => {
    const kiosk = await newKiosk();
    const second = await context!.newPage();
    await second.goto(proxy.url);
    const other = new BrowserKiosk(context!, second, proxy.url);
    await second.getByRole('button', { name: /打卡签到/ }).waitFor();
    proxy.setPushDelay(400);
    await context!.setOffline(true);
    for (let i = 0; i < 4; i++) await kiosk.tapIn(random);
    for (let i = 0; i < 3; i++) await other.tapIn(random);
    const local = (await kiosk.visits()).map((v) => v.id);
    expect(local).toHaveLength(7);
    // Both tabs hear `online` at the same moment and both try to sync.
    await context!.setOffline(false);
    await expect.poll(() => kiosk.pending(), { timeout: 30_000 }).toBe(0);
    expect(proxy.pushes.maxConcurrent).toBe(1);
    for (const id of local) expect(proxy.pushes.pushesById.get(id)).toBe(1);
    const stored = await serverVisitIds();
    for (const id of local) expect(stored).toContain(id);
  });

  it('keeps every queued record across a service-worker update', async () => {
    const kiosk = await newKiosk();
    const page = kiosk.page;
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The server cannot be reached for sync (nothing gets through): records stay queued.
    proxy.setFaultRate(1, ['refuse', 'status503']);
    for (let i = 0; i < 3; i++) await kiosk.tapIn(random);
    const queued = (await kiosk.visits()).map((v) => v.id);

    // A new version is published; the kiosk finds it but does not force it.
    appendFileSync(join(distCopy, 'sw.js'), '\n// next version\n');
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())!.update()));
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);
    await kiosk.openHost();
    await page.getByRole('button', { name: /更新应用/ }).click();
    await page.waitForFunction(
      async () => (await navigator.serviceWorker.getRegistration())?.waiting == null,
      undefined,
      { timeout: 20_000 },
    );
    await page.getByRole('button', { name: /打卡签到/ }).waitFor();
    expect(await kiosk.pending()).toBe(3);

    proxy.setFaultRate(0);
    await kiosk.reload();
    await expect.poll(() => kiosk.pending(), { timeout: 30_000 }).toBe(0);
    const stored = await serverVisitIds();
    for (const id of queued) expect(stored).toContain(id);
  });

  it('carries records from a kiosk with no network to the server on a file the host exports and the admin imports', async () => {
    const kiosk = await newKiosk();
    await context!.setOffline(true);
    for (let i = 0; i < 2; i++) await kiosk.tapIn(random);
    const ids = (await kiosk.visits()).map((v) => v.id);
    await kiosk.openHost();
    const [download] = await Promise.all([
      kiosk.page.waitForEvent('download'),
      kiosk.page.getByRole('button', { name: /导出待同步记录/ }).click(),
    ]);
    const path = (await download.path())!;

    const admin = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const consolePage = await admin.newPage();
      await consolePage.goto(`${product.url}/admin`);
      await consolePage.getByLabel('用户名').fill('admin');
      await consolePage.getByLabel('密码').fill(product.adminPassword);
      await consolePage.getByRole('button', { name: '登录' }).click();
      await consolePage.getByRole('button', { name: '设备' }).click();
      await consolePage.getByLabel('导入驿站 U 盘文件').setInputFiles(path);
      await expect.poll(() => consolePage.getByRole('status').textContent()).toContain('新增 2 条');
    } finally {
      await admin.close();
    }
    const stored = await serverVisitIds();
    for (const id of ids) expect(stored).toContain(id);
    expect(await kiosk.pending()).toBe(2);
  });

  it('tells the host and the admin when the profile’s site data was wiped, after re-enrolling as the same device', async () => {
    const kiosk = await newKiosk(2);
    for (let i = 0; i < 3; i++) await kiosk.tapIn(random);
    await expect.poll(() => kiosk.pending(), { timeout: 30_000 }).toBe(0);
    const ids = (await kiosk.visits()).map((v) => v.id);

    const cdp = await context!.newCDPSession(kiosk.page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(proxy.url).origin, storageTypes: 'all' });
    await kiosk.page.reload();
    await kiosk.page.getByText('登记这台设备').waitFor();

    const token = await product.admin('create-api-token', '--name', 'wipe');
    const rows = (
      await (
        await fetch(`${product.url}/api/v1/export/visits?limit=5000`, { headers: { authorization: `Bearer ${token}` } })
      ).text()
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; device_id: string });
    const deviceId = rows.find((r) => r.id === ids[0])!.device_id;
    await kiosk.enroll(await product.admin('reenroll-code', '--device', deviceId), false);
    await kiosk.openHost();
    const alert = kiosk.page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('服务器已确认本机上传过 3 条记录');
    const store = await openSqlite(product.dataDir);
    try {
      expect((await listDevices(store.db)).find((d) => d.id === deviceId)?.flags).toContain('storage-lost');
    } finally {
      await store.close();
    }
  });
});
