/**
 * The micro-wish screens on every kiosk size, in both languages, with long wishes: every action on
 * screen, nothing overlapping, touch targets ≥ 80 px, text ≥ 24 px, no serious axe violation.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src/protocol/uuid7';
import { BrowserKiosk } from '../support/browser-kiosk';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { auditPage } from '../support/layout-audit';
import { startProduct, type RunningProduct } from '../support/product';

const VIEWPORTS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
  tablet: { width: 800, height: 1280 },
  small: { width: 1280, height: 800 },
};
const OUT = 'test-results/layout';
const LONG =
  '送餐路上电动车经常没电，想要一个能在驿站充电的备用电池，也想学习电动车简单维修知识，这样路上坏了自己能修一修。家里孩子上学的事情也想咨询一下，外地户口能不能在这边上学，需要办什么手续。';

let product: RunningProduct;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });

/** Another station's kiosk posts wishes of every length, named and anonymous. */
async function seedWishes() {
  const other = await product.admin('create-station', '--name', '铜河驿站 · 电信营业厅', '--kind', 'branch');
  const code = await product.admin('enroll-code', '--station', other);
  const res = await fetch(`${product.url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const { token } = (await res.json()) as { token: string };
  const categories = ['daily_goods', 'training', 'legal', 'wellbeing', 'other'];
  const changes = Array.from({ length: 24 }, (_, i) => ({
    kind: 'wish',
    op: 'put',
    changeId: uuid7(),
    baseVersion: 0,
    record: {
      id: uuid7(Date.now() - i * 3_600_000),
      createdAt: new Date(Date.now() - i * 3_600_000).toISOString(),
      category: categories[i % 5],
      text: LONG.slice(0, 8 + ((i * 23) % 80)),
      memberId: null,
      ...(i % 2 ? { posterName: '欧阳**' } : {}),
      status: 'open',
    },
  }));
  const pushed = await fetch(`${product.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ batchId: uuid7(), changes }),
  });
  expect(pushed.status).toBe(200);
}

describe('the micro-wish screens fit every kiosk', () => {
  it('wall, a whole wish, who is wishing and the form with its errors, in Chinese and English', async () => {
    await seedWishes();
    const context = await browser.newContext({ viewport: VIEWPORTS.portrait, locale: 'zh-CN', bypassCSP: true });
    page = await context.newPage();
    const kiosk = new BrowserKiosk(context, page, product.url);
    await kiosk.enroll(product.demoCode);
    await kiosk.openHost();
    await button('立即同步').click();
    await page.getByTestId('sync-result').filter({ hasText: '同步完成' }).waitFor({ timeout: 30_000 });
    await button('退出').click();

    const problems: string[] = [];
    for (const [vp, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      for (const lang of ['zh-CN', 'en'] as const) {
        const at = (s: string) => `${vp}-${lang}-wish-${s}`;
        const t = (zh: string, en: string) => (lang === 'en' ? en : zh);
        await button(/打卡签到|Tap in/).waitFor();
        if (lang === 'en') await button('EN').click();
        await button(t('微心愿', 'Micro-wishes')).click();
        await page.locator('.wish-card').first().waitFor();
        problems.push(...(await auditPage(page, OUT, at('wall'))));
        await page.locator('.wish-card-btn').first().click();
        problems.push(...(await auditPage(page, OUT, at('detail'))));
        await button(t('关闭', 'Close')).click();
        await button(t('我要许愿', 'Make a wish')).click();
        await button(t('不留名，匿名许愿', 'Wish anonymously')).waitFor();
        problems.push(...(await auditPage(page, OUT, at('who'))));
        await button(t('不留名，匿名许愿', 'Wish anonymously')).click();
        await page.locator('textarea').fill(LONG + LONG);
        await button(t('发布心愿', 'Post my wish')).click();
        problems.push(...(await auditPage(page, OUT, at('form-errors'))));
        await button(t('返回', 'Back')).click();
        await button(t('返回', 'Back')).first().click();
        await button(t('返回', 'Back')).first().click();
        // Home again; the next round starts in Chinese.
        await page.reload();
      }
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
