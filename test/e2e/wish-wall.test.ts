/**
 * Issue 10's micro-wish path in real Chromium against `npm start`: a worker posts a wish at kiosk A
 * with the network cut; after both sync it is on kiosk B's wall. A's host marks it fulfilled offline
 * while the admin withdraws it in the console; both sync. The server decides (the console's withdraw
 * came first), every screen shows that one state, and A's host is told in plain words why its change
 * did not take effect.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserKiosk } from '../support/browser-kiosk';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
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

async function typeDigits(page: Page, digits: string) {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
}

/** A kiosk enrolled with `code`, its service worker in control so it loads with the network cut. */
async function kiosk(code: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await new BrowserKiosk(context, page, product.url).enroll(code);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { context, page };
}

async function openHost(page: Page) {
  await page.getByRole('button', { name: '站点管理' }).click();
  await typeDigits(page, '2468');
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByText('同步状态').first().waitFor();
}

/** 立即同步 in host mode until nothing waits; stays in host mode. */
async function syncInHost(page: Page) {
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByTestId('sync-result').filter({ hasText: '同步完成' }).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('queued').innerText(), { timeout: 30_000 }).toBe('0');
}

async function syncNow(page: Page) {
  await openHost(page);
  await syncInHost(page);
  await page.getByRole('button', { name: '退出' }).click();
}

const TEXT = '冬天骑车手冻裂了，想要一副防风手套，最好是触屏能用的';

describe('the wish wall across kiosks and the console', () => {
  it('shows an offline wish on another kiosk’s wall, and ends a host-vs-console clash in one server-decided state', async () => {
    const other = await product.admin('create-station', '--name', '铜河驿站 · 电信营业厅', '--kind', 'branch');
    const a = await kiosk(product.demoCode);
    const b = await kiosk(await product.admin('enroll-code', '--station', other));

    // Kiosk A, network cut: an anonymous wish, posted through the textarea the system IME types into.
    await a.context.setOffline(true);
    await a.page.getByRole('button', { name: '微心愿' }).click();
    await a.page.getByRole('button', { name: '我要许愿' }).click();
    await a.page.getByRole('button', { name: '不留名，匿名许愿' }).click();
    await a.page.getByRole('button', { name: '生活用品' }).click();
    await a.page.getByLabel('你的心愿').fill(TEXT);
    await a.page.getByRole('button', { name: '发布心愿' }).click();
    await a.page.getByText('心愿已发布').waitFor();
    await a.page.getByRole('button', { name: '去心愿墙看看' }).click();
    const onA = a.page.locator('.wish-card', { hasText: TEXT });
    await expect.poll(() => onA.innerText()).toMatch(/待认领[\s\S]*匿名[\s\S]*待同步/);
    await a.page.getByRole('button', { name: '返回' }).click();

    // Both sync: the wish is on B's wall, as text, without the pending mark.
    await a.context.setOffline(false);
    await syncNow(a.page);
    await syncNow(b.page);
    await b.page.getByRole('button', { name: '微心愿' }).click();
    const onB = b.page.locator('.wish-card', { hasText: TEXT });
    await onB.waitFor();
    expect(await onB.innerText()).not.toContain('待同步');
    await b.page.getByRole('button', { name: '返回' }).click();

    // A's host, offline, marks it fulfilled.
    await a.context.setOffline(true);
    await openHost(a.page);
    const hostItem = a.page.locator('.host-wish', { hasText: TEXT });
    await hostItem.getByRole('button', { name: '标为已实现' }).click();
    await a.page.getByText('已标为已实现。联网同步后，各驿站都会看到。').waitFor();

    // Meanwhile the admin withdraws it in the console.
    const admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
    const console_ = await admin.newPage();
    await console_.goto(`${product.url}/admin`);
    await console_.getByLabel('用户名').fill('admin');
    await console_.getByLabel('密码').fill(product.adminPassword);
    await console_.getByRole('button', { name: '登录' }).click();
    await console_.getByRole('button', { name: '微心愿' }).click();
    const row = console_.getByRole('row').filter({ hasText: TEXT });
    await row.getByRole('button', { name: '撤回' }).click();
    await row.getByRole('group', { name: '撤回' }).getByRole('button', { name: '撤回' }).click();
    await console_.getByText(/已撤回，各驿站同步后不再显示/).waitFor();

    // A comes back online and syncs from host mode: its change lost, and the host reads why.
    await a.context.setOffline(false);
    await syncInHost(a.page);
    const told = a.page.locator('.host-wishes [role=alert]');
    await told.waitFor({ timeout: 30_000 });
    expect(await told.innerText()).toContain(
      `心愿“${[...TEXT].slice(0, 24).join('')}…”：本机离线时标为“已实现”，但区里已先把它改为“已撤回”。以区里为准，现在显示“已撤回”。`,
    );
    await hostItem.waitFor({ state: 'detached' });
    await a.page.getByRole('button', { name: '退出' }).click();

    // Every screen shows the server's state: gone from both walls, withdrawn in the console.
    await syncNow(b.page);
    for (const page of [a.page, b.page]) {
      await page.getByRole('button', { name: '微心愿' }).click();
      await page.getByText('骑手、快递员、司机的小小心愿，等志愿者来点亮').waitFor();
      await page.locator('.wish-card').first().waitFor();
      expect(await page.locator('.wish-card', { hasText: TEXT }).count()).toBe(0);
    }
    await console_.getByLabel('状态').selectOption({ label: '全部状态' });
    const after = console_.getByRole('row').filter({ hasText: TEXT });
    await expect.poll(() => after.innerText()).toContain('已撤回');
    expect(await after.getByRole('button').count()).toBe(0);
    await admin.close();
    await a.context.close();
    await b.context.close();
  });
});
