/**
 * The console by role in a real Chromium against `npm start`: a district admin, a station manager
 * and a viewer (made with the CLI) each sign in and see what their role allows — the device fleet
 * with its flags in words, the audit log for the district only, a manager's own station only, no
 * buttons for a viewer — and the server refuses what the page hides. Screenshots at 1440×900 go
 * to SCREENSHOT_DIR (a temp folder unless set).
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { pushBody, visit } from '../support/fixtures';
import { startProduct, type RunningProduct } from '../support/product';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'waystation-console-roles');
const PASSWORD = 'a long test password';

let product: RunningProduct;
let browser: Browser;
let mine: { id: string; name: string };
let other: { id: string; name: string };

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

/** A kiosk enrolled at a station that pushed a few visits and reported a heartbeat. */
async function kiosk(stationId: string, name: string, heartbeat: Record<string, unknown>) {
  const code = await product.admin('enroll-code', '--station', stationId);
  const enrolled = await fetch(`${product.url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: name }),
  });
  const { token } = (await enrolled.json()) as { token: string };
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  await fetch(`${product.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(pushBody([visit(['rest'], '13812345678'), visit(['water', 'charging'])])),
  });
  const hb = await fetch(`${product.url}/api/v1/sync/heartbeat`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      sentAt: new Date().toISOString(),
      appVersion: '0.1.0',
      queueDepth: 0,
      oldestPendingAt: null,
      storagePersisted: true,
      storageUsed: 2_400_000,
      storageQuota: 300_000_000,
      clockOffsetMs: 0,
      receiptHighWater: 2,
      confirmedCount: 2,
      quarantined: 0,
      ...heartbeat,
    }),
  });
  expect(hb.status).toBe(200);
}

beforeAll(async () => {
  product = await startProduct();
  mkdirSync(SHOTS, { recursive: true });
  const list = (await adminCli(['list-stations'])).split('\n').map((l) => l.split('\t'));
  const branches = list.filter((l) => l[1] === 'branch');
  mine = { id: branches[0]![0]!, name: branches[0]![2]! };
  other = { id: branches[1]![0]!, name: branches[1]![2]! };
  expect(
    await adminCli(
      ['create-admin', '--user', 'mia', '--password-stdin', '--role', 'manager', '--stations', mine.id],
      PASSWORD,
    ),
  ).toBe('mia');
  expect(await adminCli(['create-admin', '--user', 'vic', '--password-stdin'], PASSWORD)).toBe('vic');
  // A role change from the command line: vic becomes a viewer.
  expect(await adminCli(['set-role', '--user', 'vic', '--role', 'viewer'])).toBe('vic\tviewer\t-');
  await expect(
    adminCli(['set-role', '--user', 'vic', '--role', 'manager', '--stations', 'no-such-station']),
  ).rejects.toThrow(/No station with the id no-such-station/);
  // A kiosk whose clock runs 7 minutes slow, whose storage is not persistent and holds refused records; and a healthy one.
  await kiosk(mine.id, '前台签到机', {
    sentAt: new Date(Date.now() - 7 * 60_000).toISOString(),
    storagePersisted: false,
    quarantined: 2,
    oldestRefusedAt: new Date(Date.now() - 3600_000).toISOString(),
    queueDepth: 4,
    oldestPendingAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
  });
  await kiosk(other.id, '营业厅签到机', {});
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

async function signIn(user: string, password: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((l) => localStorage.setItem('waystation.console.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${product.url}/admin`);
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(user);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
  await page.getByRole('button', { name: lang === 'en' ? 'Devices' : '设备' }).waitFor();
  // The console opens on the dashboard; these tests start from the stations page.
  await page.getByRole('button', { name: lang === 'en' ? 'Stations' : '驿站', exact: true }).click();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('a district admin', () => {
  it('sees every kiosk with its figures and flags in words, and the audit log of what happened', async () => {
    const page = await signIn(product.adminUser, product.adminPassword);
    await page.getByRole('button', { name: '设备' }).click();
    const slow = page.locator('tbody').filter({ hasText: '前台签到机' });
    await slow.getByText('慢 7 分钟').waitFor();
    await expect(slow.getByText('签到机的时钟与服务器相差超过 5 分钟', { exact: false }).count()).resolves.toBe(1);
    await expect(slow.getByText('浏览器没有授予持久存储', { exact: false }).count()).resolves.toBe(1);
    await expect(slow.getByText('2 条待处理').count()).resolves.toBe(1);
    await expect(page.locator('tbody').filter({ hasText: '营业厅签到机' }).getByText('正常').count()).resolves.toBe(1);
    await shot(page, 'district-devices-zh');
    await page.getByRole('button', { name: '操作日志' }).click();
    await page.getByRole('cell', { name: '修改角色' }).first().waitFor();
    await page.locator('section.audit select').selectOption('admin_created');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('cell', { name: /mia as manager/ }).waitFor();
    await page.locator('section.audit select').selectOption('');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('cell', { name: '登录' }).first().waitFor();
    await shot(page, 'district-audit-zh');
    await page.context().close();
  });

  it('reads the fleet in English', async () => {
    const page = await signIn(product.adminUser, product.adminPassword, 'en');
    await page.getByRole('button', { name: 'Devices' }).click();
    await page.getByText('7 min slow').waitFor();
    await page.getByText('Its clock is more than 5 minutes off', { exact: false }).waitFor();
    await shot(page, 'district-devices-en');
    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'Role changed' }).first().waitFor();
    await shot(page, 'district-audit-en');
    await page.context().close();
  });
});

describe('a station manager', () => {
  it('sees their own station and kiosk only, makes a re-enrollment code after confirming, and has no audit tab', async () => {
    const page = await signIn('mia', PASSWORD);
    await page.getByText('您是驿站站长：只看得到并管理您负责的 1 个驿站。').waitFor();
    expect(await page.getByRole('button', { name: '操作日志' }).count()).toBe(0);
    await page.getByRole('cell', { name: mine.name }).waitFor();
    expect(await page.getByRole('cell', { name: other.name }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: '新建驿站' }).count()).toBe(0);
    await page.getByRole('button', { name: '设备' }).click();
    await page.getByText('前台签到机').waitFor();
    expect(await page.getByText('营业厅签到机').count()).toBe(0);
    await page.getByRole('button', { name: '重新登记码' }).click();
    await page.getByRole('button', { name: '生成重新登记码' }).click();
    await page.getByRole('status').filter({ hasText: '重新登记码' }).waitFor();
    await shot(page, 'manager-devices-zh');
    // What the page hides, the server refuses: another station's data, and making stations.
    const visits = await page.request.get(`${product.url}/api/v1/admin/visits?station=${other.id}`);
    expect(visits.status()).toBe(403);
    expect(((await visits.json()) as { code: string }).code).toBe('forbidden_station');
    const csv = await page.request.get(`${product.url}/api/v1/export/visits?format=csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).not.toContain(other.id);
    await page.context().close();
  });
});

describe('a viewer', () => {
  it('reads everything, changes nothing, and sees no button that would', async () => {
    const page = await signIn('vic', PASSWORD);
    await page.getByText('您是只读账号', { exact: false }).waitFor();
    await page.getByRole('cell', { name: other.name }).waitFor();
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '生成登记码' }).count()).toBe(0);
    await page.getByRole('button', { name: '设备' }).click();
    await page.getByText('营业厅签到机').waitFor();
    for (const name of ['停用', '重新登记码', '改名']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '操作日志' }).count()).toBe(0);
    await shot(page, 'viewer-devices-zh');
    await page.getByRole('button', { name: '会员' }).click();
    await page.getByRole('link', { name: '会员 CSV' }).waitFor();
    expect(await page.getByLabel('含完整手机号和姓名').count()).toBe(0);
    await shot(page, 'viewer-members-zh');
    const clear = await page.request.get(`${product.url}/api/v1/export/members?phones=clear`);
    expect(clear.status()).toBe(403);
    expect(((await clear.json()) as { code: string }).code).toBe('forbidden_role');
    const revoke = await page.request.post(`${product.url}/api/v1/admin/stations/${mine.id}/enroll-codes`, {
      headers: { origin: product.url, 'content-type': 'application/json' },
      data: {},
    });
    expect(revoke.status()).toBe(403);
    await page.context().close();
  });
});
