/**
 * Issue 10's suggestion path in real Chromium with the real camera (Chromium's fake camera):
 * a worker leaves a suggestion with a photo at kiosk A with the network cut and gets a receipt
 * code; the kiosk syncs (the photo goes up after the record); the admin assigns, replies and
 * resolves it in the console, photo in view; the worker looks the code up at A and at kiosk B
 * of another station (offline) and reads the reply. Wrong codes get a clear message.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let browser: Browser;

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // No clip: the fake camera plays its own moving test picture.
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    headless: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const typeDigits = async (page: Page, digits: string) => {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
};

async function kiosk(code: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(product.url);
  await page.getByText('登记这台设备').waitFor();
  await typeDigits(page, code);
  await page.getByRole('button', { name: '下一步' }).click();
  for (let i = 0; i < 2; i++) {
    await typeDigits(page, '2468');
    await page.getByRole('button', { name: i === 0 ? '下一步' : '登记' }).click();
  }
  await page.getByRole('button', { name: /打卡签到/ }).waitFor();
  // The service worker must control the page before the network goes, so the app loads offline.
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { context, page };
}

/** Host mode → 立即同步, until nothing waits; answers what the host's suggestion list says. */
async function syncNow(page: Page): Promise<string> {
  await page.getByRole('button', { name: '站点管理' }).click();
  await typeDigits(page, '2468');
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByTestId('sync-result').getByText('同步完成').waitFor({ timeout: 30_000 });
  const list = await page.locator('.host-suggestions').innerText();
  await page.getByRole('button', { name: '退出' }).click();
  return list;
}

/** 意见建议 → 查进度 → the code; answers the page's text. */
async function lookUp(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: '意见建议' }).click();
  await page.getByRole('button', { name: /查进度/ }).click();
  await page.getByLabel(/查询码/).fill(code);
  await page.getByRole('button', { name: '查询' }).click();
}

function storedPhotos(page: Page): Promise<{ suggestionId: string; size: number; head: number[] }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('waystation');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('photos').objectStore('photos').getAll();
          req.onsuccess = () =>
            resolve(
              (req.result as { suggestionId: string; bytes: Uint8Array }[]).map((p) => ({
                suggestionId: p.suggestionId,
                size: p.bytes.length,
                head: [...p.bytes.slice(0, 3)],
              })),
            );
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

describe('a suggestion with a photo, followed by its code to the district’s reply', () => {
  it('is left offline, answered in the console, and found by code at any kiosk', async () => {
    const a = await kiosk(product.demoCode);
    await a.context.setOffline(true);

    // Leave it, offline, with a photo from the kiosk camera.
    await a.page.getByRole('button', { name: '意见建议' }).click();
    await a.page.getByRole('button', { name: /提建议/ }).click();
    await a.page.getByRole('button', { name: '环境卫生' }).click();
    // Emoji only: a clear message, nothing saved.
    await a.page.getByRole('textbox').fill('🗑️🗑️');
    await a.page.getByRole('button', { name: '下一步' }).click();
    await a.page.getByText('内容里要有文字（不能只有表情或符号）').waitFor();
    const text = '铜河路菜市场门口的垃圾桶天天满出来，夏天味道很大，希望增加清运次数';
    await a.page.getByRole('textbox').fill(text);
    await a.page.getByRole('button', { name: '拍一张照片（可选）' }).click();
    const take = a.page.getByRole('button', { name: '拍照', exact: true });
    await expect.poll(() => take.isEnabled(), { timeout: 15_000 }).toBe(true);
    await take.click();
    await a.page.getByText(/已附照片（\d+ KB）/).waitFor();
    await a.page.getByRole('button', { name: '下一步' }).click();
    await a.page.getByRole('button', { name: '匿名提交' }).click();
    const code = (await a.page.getByTestId('receipt-code').innerText()).trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    await a.page.getByText('这台签到机现在离线').waitFor();
    const [photo] = await storedPhotos(a.page);
    expect(photo!.head).toEqual([0xff, 0xd8, 0xff]);
    expect(photo!.size).toBeLessThanOrEqual(200 * 1024);
    await a.page.getByRole('button', { name: '完成' }).click();

    // Offline, the kiosk itself finds it by code: received, not yet sent.
    await lookUp(a.page, code.toLowerCase());
    await a.page.getByText('还没有送到区里').waitFor();
    await a.page.getByRole('button', { name: '完成' }).click();

    // Back online: the record, then its photo.
    await a.context.setOffline(false);
    const hostList = await syncNow(a.page);
    expect(hostList).toContain(code);
    expect(hostList).toContain('照片已上传');

    // The admin answers in the console.
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const admin = await ctx.newPage();
    await admin.goto(`${product.url}/admin`);
    await admin.getByLabel('用户名').fill(product.adminUser);
    await admin.getByLabel('密码').fill(product.adminPassword);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.getByRole('button', { name: '意见建议' }).click();
    await admin.getByTestId('suggestion-figures').waitFor();
    const row = admin.getByRole('row').filter({ hasText: '铜河路菜市场门口' });
    await row.getByRole('button', { name: '查看' }).click();
    await admin.getByRole('heading', { name: `意见建议 ${code}` }).waitFor();
    const img = admin.getByRole('img', { name: '提交时拍的照片' });
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // Resolving without a reply: told why, nothing changes.
    await admin.getByRole('button', { name: '已办结' }).click();
    await admin.getByText('办结或不采纳前，请先写好答复').waitFor();
    await admin.getByLabel('指派给').selectOption(product.adminUser);
    await admin.getByRole('button', { name: '指派', exact: true }).click();
    await admin.getByText(`已指派给 ${product.adminUser}`).waitFor();
    await admin.getByRole('button', { name: '办理中' }).click();
    await admin.getByText('状态已改为“办理中”').waitFor();
    const reply = '已协调环卫所，每天下午加清运一次。感谢反映！';
    await admin.getByLabel(/答复/).fill(reply);
    await admin.getByRole('button', { name: '已办结' }).click();
    await admin.getByText('状态已改为“已办结”').waitFor();
    await expect.poll(() => admin.getByTestId('detail-status').innerText()).toBe('已办结');
    await ctx.close();

    // Kiosk A pulls the answer; a wrong code and a malformed one get clear messages first.
    await syncNow(a.page);
    await lookUp(a.page, 'ABCD-EFGH');
    await a.page.getByText('没有找到这个查询码').waitFor();
    await a.page.getByLabel(/查询码/).fill('O0I1');
    await a.page.getByRole('button', { name: '查询' }).click();
    await a.page.getByText('查询码是 8 位字母和数字').waitFor();
    await a.page.getByLabel(/查询码/).fill(code);
    await a.page.getByRole('button', { name: '查询' }).click();
    expect(await a.page.getByTestId('suggestion-status').innerText()).toBe('已办结');
    expect(await a.page.getByTestId('suggestion-reply').innerText()).toBe(reply);
    await a.context.close();

    // Kiosk B of another station, with the network cut after its first sync, finds it too.
    const other = await product.admin('create-station', '--name', '铜河驿站 · 电信营业厅', '--kind', 'branch');
    const b = await kiosk(await product.admin('enroll-code', '--station', other));
    await syncNow(b.page);
    await b.context.setOffline(true);
    await lookUp(b.page, code.replace('-', ''));
    expect(await b.page.getByTestId('suggestion-status').innerText()).toBe('已办结');
    expect(await b.page.getByTestId('suggestion-reply').innerText()).toBe(reply);
    await b.page.getByText(/在 铜心驿站/).waitFor();
    await b.context.close();
  });
});
