/** The kiosk is an installable PWA; the admin console signs in, makes codes, shows visits and downloads CSV. */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { pushBody, visit } from '../support/fixtures';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let browser: Browser;

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('PWA', () => {
  it('is installable (manifest, icons incl. maskable, service worker)', async () => {
    // Chromium calls every app uninstallable in an incognito-like context, so use a real profile.
    const profile = mkdtempSync(join(tmpdir(), 'waystation-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    try {
      const page = await context.newPage();
      await page.goto(product.url);
      await page.evaluate(async () => void (await navigator.serviceWorker.ready));
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: unknown[];
      };
      expect(installabilityErrors).toEqual([]);
      const manifest = (await (await fetch(`${product.url}/manifest.webmanifest`)).json()) as {
        icons: { purpose?: string }[];
      };
      expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('admin console', () => {
  it('signs in with the first-run password, makes an enrollment code, lists visits and downloads CSV', async () => {
    const password = product.adminPassword;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${product.url}/admin`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not it');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    // The console opens on 概览; the stations are one tab over.
    await page.getByRole('button', { name: '驿站', exact: true }).click();

    const row = page.getByRole('row').filter({ hasText: '电信营业厅分站' });
    await row.getByRole('button', { name: '生成登记码' }).click();
    const notice = await page.getByRole('status').textContent();
    const code = /登记码：(\d{10})/.exec(notice ?? '')?.[1];
    expect(code).toBeTruthy();

    const enrolled = await fetch(`${product.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    const { token } = (await enrolled.json()) as { token: string };
    await fetch(`${product.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(pushBody([visit(['charging', 'water'], '13812345678')])),
    });

    await page.getByRole('button', { name: '设备' }).click();
    await page.getByRole('row').filter({ hasText: '电信营业厅分站' }).waitFor();

    await page.getByRole('button', { name: '到访数据' }).click();
    await page.getByRole('row').filter({ hasText: '138****5678' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '手机充电、饮水' }).count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载 CSV/ }).click(),
    ]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('铜心驿站 · 电信营业厅分站');
    expect(text).toContain('138****5678');
    await context.close();
  });
});
