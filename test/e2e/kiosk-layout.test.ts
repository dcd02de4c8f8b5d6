/**
 * Every kiosk screen as a courier, a member and a host meet it, on a portrait kiosk, a landscape kiosk,
 * a tablet and a small landscape screen, in both languages, with catalogues of 1, 5, 10 and 12 services:
 * nothing off screen that cannot be scrolled to, nothing overlapping, targets ≥ 80 px, text ≥ 24 px, and
 * no serious or critical axe violation. Screenshots land in test-results/layout/ for a person to look at.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_IDS } from '../../src/protocol/services';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { auditPage } from '../support/layout-audit';
import { startProduct, type RunningProduct } from '../support/product';

const VIEWPORTS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
  tablet: { width: 800, height: 1280 },
  small: { width: 1280, height: 800 },
} as const;
const LANGS = ['zh-CN', 'en'] as const;
const OUT = 'test-results/layout';
// Twelve tiles: the ten services there are, and two more of the longest names (a station's own extras).
const CATALOGUES = {
  1: ['rest'],
  5: ['rest', 'charging', 'water', 'internet', 'shelter'],
  10: [...SERVICE_IDS],
  12: [...SERVICE_IDS, 'shelter', 'umbrella'],
} as const;

let product: RunningProduct;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
async function typeDigits(digits: string) {
  for (const d of digits) await button(d).click();
}

/** Writes the station's catalogue (and name) straight into the kiosk's database, then reloads to read it. */
async function setCatalogue(services: readonly string[], name?: string) {
  await page.evaluate(
    ([list, name]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('waystation');
        open.onsuccess = () => {
          const tx = open.result.transaction('meta', 'readwrite');
          const store = tx.objectStore('meta');
          const get = store.get('station');
          get.onsuccess = () =>
            store.put({ ...get.result, value: { ...get.result.value, services: list, ...(name ? { name } : {}) } });
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    [services, name] as const,
  );
  await page.reload();
  await button(/打卡签到/).waitFor();
}

async function audit(name: string, options?: Parameters<typeof auditPage>[3]) {
  problems.push(...(await auditPage(page, OUT, name, options)));
}

/** Home in the chosen language (the kiosk starts every courier in Chinese). */
async function home(lang: (typeof LANGS)[number]) {
  await button(/打卡签到/).waitFor();
  if (lang === 'en') await button('EN').click();
}

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  // axe is injected as a script; the server's CSP (script-src 'self') would block it, and is tested in test/security.
  context = await browser.newContext({ viewport: VIEWPORTS.portrait, locale: 'zh-CN', bypassCSP: true });
  page = await context.newPage();
  await page.goto(product.url);
  await page.getByText('登记这台设备').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('every kiosk screen fits every kiosk', () => {
  it('enrollment, on each screen size', async () => {
    for (const [vp, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await audit(`${vp}-zh-CN-enroll-code`);
    }
    // A wrong code first: checked with the server at once, before any PIN is chosen.
    await typeDigits('1234567890');
    await button('下一步').click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/^登记码不对/);
    for (const [vp, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await audit(`${vp}-zh-CN-enroll-refused`);
    }
    await button('清除').click();
    await typeDigits(product.demoCode);
    await button('下一步').click();
    await page.getByText(/登记码有效/).waitFor();
    for (const [vp, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await audit(`${vp}-zh-CN-enroll-pin`);
    }
    await typeDigits('2468');
    await button('下一步').click();
    await typeDigits('2468');
    await button('登记').click();
    await button(/打卡签到/).waitFor();
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The first pull brings the district's events; then the kiosk works offline, as many do.
    await button(/打卡签到/).waitFor();
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('waystation');
          open.onsuccess = () => {
            const req = open.result.transaction('pulled').objectStore('pulled').index('kind').count('event');
            req.onsuccess = () => (open.result.close(), resolve(req.result > 0));
          };
        }),
      undefined,
      { timeout: 20_000 },
    );
    await context.setOffline(true);
    expect(problems).toEqual([]);
  });

  for (const [vp, size] of Object.entries(VIEWPORTS)) {
    it(`the courier's, member's and host's screens on ${vp} (${size.width}×${size.height})`, async () => {
      problems.length = 0;
      await page.setViewportSize(size);
      for (const lang of LANGS) {
        const at = (screen: string) => `${vp}-${lang}-${screen}`;
        for (const [n, services] of Object.entries(CATALOGUES)) {
          await setCatalogue(services);
          await home(lang);
          if (n === '1') await audit(at('home'));
          await button(/打卡签到|Tap in/).click();
          if (n === '1') await audit(at('identify'));
          await button(/匿名签到|Stay anonymous/).click();
          await audit(at(`services-${n}`));
          if (n === '12' && vp === 'small') {
            // Smaller than any kiosk we know: the tiles scroll in their region, say so, and 确认 stays.
            await page.setViewportSize({ width: 1024, height: 600 });
            await page.getByText(/向下滑动，还有更多服务|Scroll down for more services/).waitFor();
            await audit(at('services-12-cramped'));
            await page.setViewportSize(size);
          }
          if (n === '12') {
            await page.locator('.tile').first().click();
            await button(/确认|Confirm/).click();
            await page.locator('.done').waitFor();
            await audit(at('done'));
            await page.locator('.done').click();
          } else {
            await button(/返回|Back/)
              .first()
              .click();
            await button(/返回|Back/)
              .first()
              .click();
          }
        }
        await setCatalogue(CATALOGUES[5]);

        await home(lang);
        await button(/站点管理|Station host/).click();
        await audit(at('pin'));
        await typeDigits('2468');
        await button(/确认|Confirm/).click();
        await page.locator('.host').waitFor();
        await audit(at('host'), { fullPage: true });
        await button(/手机尾号|Phone ends with/).click();
        await audit(at('host-phone-tail'), { fullPage: true });
        await button(/^(完成|Done)$/).click();
        await button(/修改管理密码|Change host PIN/)
          .last()
          .click();
        await audit(at('pin-change'));
        await button(/取消|Cancel/).click();
        await button(/修改营业时间|Change opening hours/).click();
        await audit(at('host-hours'), { fullPage: true });
        await button(/^(取消|Cancel)$/).click();
        await button(/退出|Exit/).click();

        await home(lang);
        await button(/附近驿站|Nearby stations/).click();
        await page.locator('.nearby-item').first().waitFor();
        await audit(at('nearby'));
        await button(/^(返回|Back)$/).click();

        await home(lang);
        await button(/注册报到|Register/).click();
        await audit(at('register-consent'));
        await button(/同意并继续|Agree/).click();
        await page.locator('input.text-input').fill('测试');
        await page.locator('.choice').first().click();
        await audit(at('register-about'));
        await button(/下一步|Next/).click();
        const phone = `139${String(Object.keys(VIEWPORTS).indexOf(vp)).padStart(4, '0')}${lang === 'en' ? '1' : '0'}000`;
        await typeDigits(phone);
        await audit(at('register-phone'));
        await button(/下一步|Next/).click();
        await typeDigits(phone);
        await page.locator('.choice').first().waitFor();
        await page.locator('.choice').nth(1).click();
        await audit(at('register-party'));
        await page.locator('.actions .btn-primary').click();
        await page.locator('.member-card').waitFor();
        await audit(at('register-card'));
        await page.locator('.actions .btn-primary').click();

        await home(lang);
        await button(/活动报名|Activities/).click();
        await page.locator('.event-item').first().waitFor();
        await audit(at('events'));
        await page.locator('.event-item').first().click();
        await audit(at('event-signup'));
        await button(/返回|Back/)
          .last()
          .click();
        await button(/返回|Back/)
          .last()
          .click();

        await home(lang);
        await button(/扫码签到|Scan card/).click();
        await page.locator('.member-finder').waitFor();
        await audit(at('scan'));
        await button(/返回|Back/)
          .last()
          .click();

        await home(lang);
        await button(/^意见建议$|^Suggestions$/).click();
        await page.locator('.suggest-menu').waitFor();
        await audit(at('suggestions'));
        await page.locator('.suggest-menu-btn').first().click();
        await page.locator('.choice').first().waitFor();
        await audit(at('suggestion-category'));
        await page.locator('.choice').first().click();
        await page.getByRole('textbox').fill('🙏');
        await page.locator('.actions .btn-primary').click();
        await page.locator('.error').waitFor();
        await audit(at('suggestion-text'));
        await page.getByRole('textbox').fill('路灯不亮');
        await page.locator('.actions .btn-primary').click();
        await page.locator('.suggest-who').waitFor();
        await audit(at('suggestion-who'));
        await page.locator('.suggest-who .btn-primary').click();
        await page.locator('.receipt-code').waitFor();
        await audit(at('suggestion-receipt'));
        const code = await page.locator('.receipt-code').innerText();
        await page.locator('.actions .btn-primary').click();
        await home(lang);
        await button(/^意见建议$|^Suggestions$/).click();
        await page.locator('.suggest-menu-btn').last().click();
        await page.getByRole('textbox').fill('ABCD-EFGH');
        await page.locator('.actions .btn-primary').click();
        await page.locator('.error').waitFor();
        await audit(at('suggestion-not-found'));
        await page.getByRole('textbox').fill(code);
        await page.locator('.actions .btn-primary').click();
        await page.locator('.suggest-status').waitFor();
        await audit(at('suggestion-progress'));
        await page.locator('.actions .btn-primary').click();
      }
      expect(problems).toEqual([]);
    });
  }

  it('large text and high contrast, as the host can set them, still fit', async () => {
    problems.length = 0;
    await page.setViewportSize(VIEWPORTS.portrait);
    await button(/站点管理/).click();
    await typeDigits('2468');
    await button('确认').click();
    await button('大字体：关').click();
    await button('高对比度：关').click();
    await button('退出').click();
    await setCatalogue(CATALOGUES[12]);
    for (const vp of ['portrait', 'tablet', 'small'] as const) {
      await page.setViewportSize(VIEWPORTS[vp]);
      const at = (screen: string) => `${vp}-zh-CN-large-contrast-${screen}`;
      await audit(at('home'));
      await button(/打卡签到/).click();
      await audit(at('identify'));
      await button('匿名签到').click();
      await audit(at('services-12'));
      await page.locator('.tile').first().click();
      await button('确认').click();
      await page.locator('.done').waitFor();
      await audit(at('done'));
      await page.locator('.done').click();
    }
    // A long station name must not squeeze 退出 on a tablet.
    await setCatalogue(CATALOGUES[5], '铜心驿站 · 城东街道新业态新就业群体党群服务中心便民服务分站');
    await page.setViewportSize(VIEWPORTS.tablet);
    await button(/站点管理/).click();
    await typeDigits('2468');
    await button('确认').click();
    await page.locator('.host').waitFor();
    await audit('tablet-zh-CN-large-contrast-host-long-name', { fullPage: true });
    expect(problems).toEqual([]);
  });
});
