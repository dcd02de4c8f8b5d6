/**
 * Every console page against axe-core in real Chromium (issue 13): signed in as the
 * district admin over the demo district, each tab at 1440×900 in both languages has
 * no serious or critical accessibility violation. Screenshots land in
 * test-results/console-axe/ for a person to look at.
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startProduct, type RunningProduct } from '../support/product';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const OUT = join('test-results', 'console-axe');
const TABS = {
  'zh-CN': ['概览', '驿站', '设备', '到访数据', '会员', '活动', '党组织', '微心愿', '意见建议', '操作日志', '访问管理'],
  en: [
    'Overview',
    'Stations',
    'Devices',
    'Visits',
    'Members',
    'Events',
    'Party organisations',
    'Micro-wishes',
    'Suggestions',
    'Audit log',
    'Access',
  ],
} as const;

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

async function signIn(lang: 'zh-CN' | 'en'): Promise<Page> {
  // axe is injected as a script; the CSP that would block it is tested in test/security.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  await context.addInitScript((l) => localStorage.setItem('waystation.console.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${product.url}/admin`);
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(product.adminUser);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(product.adminPassword);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
  await page.getByRole('navigation').waitFor();
  return page;
}

async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
}

describe('every console page passes axe', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`in ${lang}`, async () => {
      const page = await signIn(lang);
      mkdirSync(OUT, { recursive: true });
      const problems: string[] = [];
      for (const tab of TABS[lang]) {
        await page.getByRole('navigation').getByRole('button', { name: tab, exact: true }).click();
        // Let the page load its data and settle before it is checked.
        await page.waitForLoadState('networkidle');
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        problems.push(...(await axeProblems(page)).map((p) => `${lang} ${tab}: ${p}`));
        await page.screenshot({ path: join(OUT, `${lang}-${tab}.png`), fullPage: true });
      }
      expect(problems).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
