/**
 * The console's people pages in a real Chromium against `npm start`: an admin schedules an event
 * (a double-click makes one), a kiosk's member signs up, and the console shows the member, the
 * event's confirmed seat and waitlist, and downloads members as CSV with a BOM.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventListResponseSchema } from '../../src/protocol/console-people';
import { uuid7 } from '../../src/protocol/uuid7';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { member, put, signup } from '../support/people-fixtures';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let browser: Browser;
/** Sends records as the kiosk enrolled with the first run's (single-use) code. */
let push: Awaited<ReturnType<typeof kiosk>>;

beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  push = await kiosk();
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

/** Enrolls a kiosk with the first run's code; answers a push that sends records of kinds as that kiosk. */
async function kiosk() {
  const res = await fetch(`${product.url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: product.demoCode }),
  });
  const { token } = (await res.json()) as { token: string };
  return async (changes: ReturnType<typeof put>[]) => {
    const pushed = await fetch(`${product.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ batchId: uuid7(), sentAt: new Date().toISOString(), changes }),
    });
    const { results } = (await pushed.json()) as { results: { status: string; reason?: string }[] };
    expect(results.map((r) => r.status)).toEqual(changes.map(() => 'accepted'));
  };
}

async function signIn(page: Page) {
  const password = product.adminPassword;
  await page.goto(`${product.url}/admin`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '会员' }).waitFor();
}

/** `YYYY-MM-DDTHH:mm` for a `datetime-local` input, `days` from now at `hour` in Shanghai time. */
function shanghaiInput(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

describe('console people pages', () => {
  it('schedules an event once on a double-click, then shows its member, confirmed seat and waitlist', async () => {
    const first = member('13812345678', { name: '李小明', platform: '美团' });
    const second = member('13987654321', { name: '王芳', occupation: 'courier' });
    await push([put('member', first), put('member', second)]);

    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signIn(page);

    await page.getByRole('button', { name: '活动' }).click();
    await page.getByRole('button', { name: '安排新活动' }).click();
    const form = page.getByRole('form', { name: '安排新活动' });
    await form.getByLabel('标题').fill('关爱心理健康讲座');
    await form.getByLabel('驿站').selectOption({ label: '铜心驿站 · 康民药店分站' });
    await form.getByLabel('开始').fill(shanghaiInput(2, 14));
    await form.getByLabel('结束').fill(shanghaiInput(2, 16));
    await form.getByLabel('名额').fill('1');
    await form.getByRole('button', { name: '创建活动' }).dblclick();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已创建活动：关爱心理健康讲座');
    await expect.poll(() => page.getByRole('row').filter({ hasText: '关爱心理健康讲座' }).count()).toBe(1);
    const listed = v.parse(
      EventListResponseSchema,
      await (await page.request.get(`${product.url}/api/v1/admin/events`)).json(),
    );
    const event = listed.events.find((e) => e.title === '关爱心理健康讲座')!;
    expect(event.capacity).toBe(1);
    // Shown in the admin's zone: 14:00 Shanghai, whatever the server's zone.
    expect(await page.getByRole('row').filter({ hasText: '关爱心理健康讲座' }).textContent()).toContain('14:00–16:00');

    await push([put('signup', signup(event.id, first.id)), put('signup', signup(event.id, second.id))]);
    await page
      .getByRole('row')
      .filter({ hasText: '关爱心理健康讲座' })
      .getByRole('button', { name: '报名与签到' })
      .click();
    await page.getByRole('heading', { name: '已确认（1 / 1）' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: first.memberNo }).textContent()).toContain('已确认');
    expect(await page.getByRole('row').filter({ hasText: second.memberNo }).textContent()).toContain('候补第 1 位');

    await page.getByRole('button', { name: '会员' }).click();
    await page.getByRole('searchbox').fill('5678');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: second.memberNo }).count()).toBe(0);
    expect(await page.getByRole('row').filter({ hasText: first.memberNo }).count()).toBe(1);
    const row = page.getByRole('row').filter({ hasText: first.memberNo });
    expect(await row.textContent()).toContain('138****5678');
    expect(await row.textContent()).not.toContain('李小明');
    await row.getByRole('button', { name: /查看/ }).click();
    await page.getByRole('heading', { name: `李小明（${first.memberNo}）` }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '关爱心理健康讲座' }).textContent()).toContain('已确认');

    await page.getByRole('button', { name: /返回列表/ }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '会员 CSV' }).click(),
    ]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain(first.memberNo);
    expect(text).not.toContain('13812345678');
    await context.close();
  });

  it('merges a duplicate registration after a confirmation and splits it off again', async () => {
    const kept = member('13700001111', { name: '赵磊' }, new Date(Date.now() - 86_400_000));
    const duplicate = member('13700002222', { name: '赵磊' });
    await push([put('member', kept), put('member', duplicate)]);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('button', { name: '会员' }).click();
    await page.getByRole('button', { name: `查看 ${kept.memberNo}` }).click();
    await page.getByLabel('另一条登记的会员号或手机尾号').fill(duplicate.memberNo);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('row').filter({ hasText: duplicate.memberNo }).getByRole('button', { name: '选这条' }).click();
    // The earlier registration is the one kept unless the admin picks the other.
    expect(await page.getByRole('radio', { name: new RegExp(`保留 赵磊（${kept.memberNo}）`) }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '合并重复登记…' }).click();
    await page.getByRole('button', { name: '确认合并' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`已合并：${duplicate.memberNo} 已并入 ${kept.memberNo}。`);
    const alias = page.getByRole('row').filter({ hasText: duplicate.memberNo });
    await page.getByRole('heading', { name: '已合并的登记（1）' }).waitFor();

    await alias.getByRole('button', { name: '拆分' }).click();
    await page.getByRole('button', { name: '确认拆分' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`已拆分：${duplicate.memberNo} 恢复为独立会员。`);
    await page.getByRole('heading', { name: '已合并的登记（0）' }).waitFor();
    await context.close();
  });

  it('goes back to sign-in, saying why, when the session is gone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page);
    await context.clearCookies();
    await page.getByRole('button', { name: '活动' }).click();
    await page.getByRole('status').filter({ hasText: '登录已过期，请重新登录。' }).waitFor();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await context.close();
  });
});
