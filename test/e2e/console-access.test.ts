/**
 * The console's 访问管理 page in a real Chromium against `npm start`: a district admin makes an API
 * token, sees it once and copies it, the token works on the export, revokes it behind a confirmation
 * and sees 已撤销; changes another admin's role with a station picked, and is told in words why the
 * last district admin keeps theirs. A station manager has no such tab. Screenshots at 1920×1080 and
 * 800×1280 in both languages, with six tokens and a 60-character name, go to SCREENSHOT_DIR (a temp
 * folder unless set).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startProduct, type RunningProduct } from '../support/product';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'waystation-console-access');
const PASSWORD = 'a long test password';
const LONG_NAME =
  '区数据中心新就业群体服务驿站网络运行监测与季度分析看板（含各街道分站到访与服务项目统计，供区委组织部每周例会使用）第四季';

let product: RunningProduct;
let browser: Browser;
let station: { id: string; name: string };

/** `npm run admin -- …` with the password on stdin, as a person types it. */
function adminCli(args: string[], stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'npm',
      ['run', '--silent', 'admin', '--', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: product.dataDir, DATABASE_URL: product.databaseUrl } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim())),
    );
    child.stdin!.end(stdin);
  });
}

beforeAll(async () => {
  product = await startProduct();
  mkdirSync(SHOTS, { recursive: true });
  const list = (await adminCli(['list-stations'])).split('\n').map((l) => l.split('\t'));
  const branch = list.find((l) => l[1] === 'branch')!;
  station = { id: branch[0]!, name: branch[2]! };
  expect(await adminCli(['create-admin', '--user', 'vic', '--password-stdin', '--role', 'viewer'], PASSWORD)).toBe(
    'vic',
  );
  expect(
    await adminCli(
      ['create-admin', '--user', 'mia', '--password-stdin', '--role', 'manager', '--stations', station.id],
      PASSWORD,
    ),
  ).toBe('mia');
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

async function signIn(
  user: string,
  password: string,
  lang: 'zh-CN' | 'en' = 'zh-CN',
  viewport = { width: 1440, height: 900 },
): Promise<Page> {
  // axe is injected as a script; the CSP that would block it is tested in test/security.
  const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai', bypassCSP: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
  await context.addInitScript((l) => localStorage.setItem('waystation.console.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${product.url}/admin`);
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(user);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
  await page.getByRole('navigation').waitFor();
  return page;
}

const exportWith = (token: string) =>
  fetch(`${product.url}/api/v1/export/visits?format=ndjson`, { headers: { authorization: `Bearer ${token}` } });

/** Makes a token through the console's route with the page's session, as the form does. */
async function makeToken(page: Page, name: string, scopes: string[], days: number) {
  const res = await page.request.post(`${product.url}/api/v1/admin/api-tokens`, {
    headers: { origin: product.url, 'content-type': 'application/json' },
    data: { name, scopes, days },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('a district admin on 访问管理', () => {
  it('makes a token, sees it once, revokes it after confirming, and it stops working', async () => {
    const page = await signIn(product.adminUser, product.adminPassword);
    await page.getByRole('navigation').getByRole('button', { name: '访问管理' }).click();
    await page.getByRole('heading', { name: 'API 令牌' }).waitFor();
    await page.getByLabel('名称').fill('区数据中心 BI');
    await page.getByLabel('允许导出完整手机号').check();
    await page.getByText('可以导出所有人的完整手机号', { exact: false }).waitFor();
    await page.getByLabel('有效天数').fill('30');
    await page.getByRole('button', { name: '生成令牌' }).click();

    const once = page.getByRole('region', { name: '新令牌“区数据中心 BI”已生成' });
    await once.getByText('只显示这一次', { exact: false }).waitFor();
    const token = await once.getByLabel('令牌').inputValue();
    expect(token).toMatch(/^wsa_/);
    await once.getByRole('button', { name: '复制' }).click();
    await once.getByText('已复制到剪贴板').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    expect((await exportWith(token)).status).toBe(200);

    const row = page.getByRole('row').filter({ hasText: '区数据中心 BI' });
    await row.getByText('导出（含完整手机号）').waitFor();
    await row.getByText('有效').waitFor();
    // The secret is in no list: after a reload of the page it is gone for good.
    expect(await page.locator('table').first().textContent()).not.toContain(token);

    // Making another hides the first secret; only the new one is on screen.
    await page.getByLabel('名称').fill('临时核对');
    await page.getByRole('button', { name: '生成令牌' }).click();
    await page.getByRole('region', { name: '新令牌“临时核对”已生成' }).waitFor();
    expect(await page.getByRole('region', { name: '新令牌“区数据中心 BI”已生成' }).count()).toBe(0);
    expect(
      await page.locator('input[readonly]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).not.toContain(token);

    await row.getByRole('button', { name: /撤销/ }).click();
    const confirm = page.getByRole('group', { name: '撤销令牌' });
    await confirm.getByText('撤销“区数据中心 BI”后', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: '撤销令牌' }).click();
    await page.getByRole('status').filter({ hasText: '已撤销：区数据中心 BI' }).waitFor();
    await row.getByText('已撤销', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: /撤销/ }).count()).toBe(0);
    expect((await exportWith(token)).status).toBe(401);

    // Leaving the page and coming back: the secret of the second token is not shown again.
    await page.getByRole('navigation').getByRole('button', { name: '操作日志' }).click();
    await page.getByRole('cell', { name: '吊销 API 令牌' }).first().waitFor();
    await page.getByRole('navigation').getByRole('button', { name: '访问管理' }).click();
    await page.getByRole('row').filter({ hasText: '临时核对' }).waitFor();
    expect(await page.getByText('只显示这一次', { exact: false }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('changes another admin’s role with a station, and is told why the last district admin stays', async () => {
    const page = await signIn(product.adminUser, product.adminPassword);
    await page.getByRole('navigation').getByRole('button', { name: '访问管理' }).click();
    const vic = page.locator('.admins-table tbody').filter({ hasText: 'vic' });
    await vic.getByText('只读查看').waitFor();
    await vic.getByRole('button', { name: '修改角色 vic' }).click();
    await vic.getByLabel('驿站站长').check();
    // A manager without stations is stopped before anything is sent.
    await vic.getByRole('button', { name: '保存' }).click();
    await page.getByText('驿站站长至少要负责一个驿站').first().waitFor();
    await vic.getByLabel(station.name).check();
    await shot(page, 'access-role-picker-zh');
    await vic.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已把 vic 改为：驿站站长' }).waitFor();
    await vic.getByRole('cell', { name: station.name }).waitFor();

    const self = page.locator('.admins-table tbody').filter({ hasText: '（您）' });
    await self.getByRole('button', { name: /修改角色/ }).click();
    await self.getByLabel('只读查看').check();
    await self.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').filter({ hasText: '这是最后一位区级管理员' }).waitFor();
    await shot(page, 'access-role-refused-zh');
    await self.getByRole('cell', { name: '区级管理员', exact: true }).waitFor();
    await page.context().close();
  }, 60_000);

  it('a station manager has no 访问管理 tab, and the routes refuse them', async () => {
    const page = await signIn('mia', PASSWORD);
    expect(await page.getByRole('navigation').getByRole('button', { name: '访问管理' }).count()).toBe(0);
    const res = await page.request.get(`${product.url}/api/v1/admin/api-tokens`);
    expect(res.status()).toBe(403);
    await page.context().close();
  });
});

describe('the page at desk and tablet sizes', () => {
  it('holds six tokens (one with a 60-character name) in both languages', async () => {
    expect([...LONG_NAME]).toHaveLength(60);
    const setup = await signIn(product.adminUser, product.adminPassword);
    await makeToken(setup, LONG_NAME, ['export'], 365);
    const phones = await makeToken(setup, '街道办 WPS 报表', ['export', 'export:phones'], 7);
    await makeToken(setup, 'Power BI (district office)', ['export'], 90);
    await makeToken(setup, 'Tableau 月报', ['export'], 30);
    await makeToken(setup, '街道统计月报', ['export'], 180);
    await makeToken(setup, '应急调度（夜班）', ['export', 'export:phones'], 1);
    const revoke = await setup.request.post(`${product.url}/api/v1/admin/api-tokens/${phones.id}/revoke`, {
      headers: { origin: product.url },
    });
    expect(revoke.status()).toBe(200);
    await setup.context().close();
    for (const lang of ['zh-CN', 'en'] as const)
      for (const viewport of [
        { width: 1920, height: 1080 },
        { width: 800, height: 1280 },
      ]) {
        const page = await signIn(product.adminUser, product.adminPassword, lang, viewport);
        await page
          .getByRole('navigation')
          .getByRole('button', { name: lang === 'en' ? 'Access' : '访问管理' })
          .click();
        await page.getByRole('cell', { name: LONG_NAME, exact: true }).waitFor();
        expect(await page.locator('.tokens-table tbody tr').count()).toBeGreaterThanOrEqual(6);
        await page.getByLabel(lang === 'en' ? 'Name' : '名称').fill(lang === 'en' ? 'Nightly sync' : '夜间同步');
        await page.getByLabel(lang === 'en' ? 'May export full phone numbers' : '允许导出完整手机号').check();
        await page.getByRole('button', { name: lang === 'en' ? 'Make the token' : '生成令牌' }).click();
        await page.locator('.token-once').waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `access-${lang}-${viewport.width}x${viewport.height}`);
        // Nothing on the page sticks out sideways: the tables fit the console's main area at either size.
        const overflow = await page.evaluate(() => {
          const main = document.querySelector('main')!;
          return main.scrollWidth - main.clientWidth;
        });
        expect(overflow, `${lang} ${viewport.width}`).toBeLessThanOrEqual(0);
        // Full of tokens, a revoked one and a secret on show, the page still passes axe.
        await page.addScriptTag({ content: AXE_SOURCE });
        const problems = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        expect(problems, `${lang} ${viewport.width}`).toEqual([]);
        await page.context().close();
      }
  }, 120_000);
});
