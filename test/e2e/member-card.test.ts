/**
 * Issue 9's "done when", in real Chromium with the real camera path (Chromium's fake
 * camera plays a clip of the card's QR code): a worker registers at kiosk A with the
 * network cut, is recognised by card and by phone at kiosk B of another station (offline),
 * signs up there for a training the district scheduled at A, learns at the next tap-in
 * that the seat is confirmed, and A's host marks them present by card (offline; a forged
 * card is refused). The console and the exports show all of it, each record once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPayload, type MemberRecord } from '../../src/protocol/people';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startProduct, type RunningProduct } from '../support/product';
import { writeQrY4m } from '../support/qr-video';

let product: RunningProduct;
let browser: Browser;
let dir: string;
let clip: string;

beforeAll(async () => {
  product = await startProduct();
  dir = mkdtempSync(join(tmpdir(), 'waystation-camera-'));
  clip = join(dir, 'card.y4m');
  // The camera opens the clip when a page first asks for it; the test writes it before then.
  writeQrY4m(clip, 'not yet');
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
    ],
    headless: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function kiosk(code: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const key = (d: string) => page.getByRole('button', { name: d, exact: true });
  await page.goto(product.url);
  await page.getByText('登记这台设备').waitFor();
  for (const d of code) await key(d).click();
  await page.getByRole('button', { name: '下一步' }).click();
  for (let i = 0; i < 2; i++) {
    for (const d of '2468') await key(d).click();
    await page.getByRole('button', { name: i === 0 ? '下一步' : '登记' }).click();
  }
  await page.getByRole('button', { name: /打卡签到/ }).waitFor();
  // The service worker must control the page before the network goes, so the app loads offline.
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { context, page };
}

async function typeDigits(page: Page, digits: string) {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
}

function readOutbox(page: Page): Promise<{ kind: string; record: Record<string, unknown> }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('waystation');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

async function syncNow(page: Page) {
  await page.getByRole('button', { name: '站点管理' }).click();
  await typeDigits(page, '2468');
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page
    .getByText(/待同步 0|全部已同步|已全部同步/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: '退出' }).click();
}

/** Signs in to the console as the demo admin the first run printed. */
async function signIn(): Promise<string> {
  const res = await fetch(`${product.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: product.adminUser, password: product.adminPassword }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the console's answers, read field by field
async function api(path: string, cookie: string, body?: unknown): Promise<any> {
  const res = await fetch(`${product.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { cookie, ...(body ? { 'content-type': 'application/json', origin: product.url } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}

function stationName(page: Page): Promise<string> {
  return page.locator('.station-name').innerText();
}

async function exportNdjson(kind: string, token: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${product.url}/api/v1/export/${kind}?format=ndjson`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('a member card at the kiosk camera', () => {
  it('registers offline at one station and is recognised by card and by phone at another', async () => {
    const token = await product.admin('create-api-token', '--name', 'e2e-members');
    const a = await kiosk(product.demoCode);
    await a.context.setOffline(true);

    // Registration, offline.
    await a.page.getByRole('button', { name: '注册报到' }).click();
    await a.page.getByRole('button', { name: '同意并继续' }).click();
    await a.page.getByLabel('姓名或昵称').fill('陈大明');
    await a.page.getByRole('button', { name: '快递员' }).click();
    await a.page.getByRole('button', { name: '顺丰' }).click();
    await a.page.getByRole('button', { name: '下一步' }).click();
    await typeDigits(a.page, '13812340001');
    await a.page.getByRole('button', { name: '下一步' }).click();
    await typeDigits(a.page, '13812340001');
    await a.page.getByRole('button', { name: '不是' }).click();
    await a.page.getByRole('button', { name: '完成注册' }).click();
    const card = a.page.getByRole('region', { name: '铜心驿站会员卡' });
    await card.waitFor();
    const member = (await readOutbox(a.page)).find((e) => e.kind === 'member')!.record as unknown as MemberRecord;
    expect(await card.textContent()).toContain(member.memberNo);
    await a.page.getByRole('button', { name: '完成' }).click();

    // The card's QR in front of this kiosk's camera: a tap-in carrying the member id.
    writeQrY4m(clip, cardPayload(member));
    await a.page.getByRole('button', { name: '扫码签到' }).click();
    await a.page.getByText(`欢迎，陈**（会员号 ${member.memberNo}）`).waitFor({ timeout: 30_000 });
    await a.page.getByRole('button', { name: '饮水' }).click();
    await a.page.getByRole('button', { name: '确认' }).click();
    await a.page.getByText('签到成功').click();

    // The network returns: the registration and the visit arrive.
    await a.context.setOffline(false);
    await syncNow(a.page);

    // The district schedules a training at station A in the console.
    const cookie = await signIn();
    const nameA = await stationName(a.page);
    const stationA = (await api('/api/v1/admin/stations', cookie)).stations.find(
      (st: { name: string }) => st.name === nameA,
    ).id as string;
    const startsAt = new Date(Date.now() + 3600_000);
    const created = await api('/api/v1/admin/events', cookie, {
      kind: 'training',
      title: '安全骑士培训',
      stationId: stationA,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
      capacity: 20,
    });
    const eventId = created.event.id as string;

    // A kiosk of another station pulls the district's directory and events, then goes offline.
    const other = await product.admin('create-station', '--name', '铜河驿站 · 电信营业厅', '--kind', 'branch');
    const b = await kiosk(await product.admin('enroll-code', '--station', other));
    await syncNow(b.page);
    await b.context.setOffline(true);
    await b.page.getByRole('button', { name: '扫码签到' }).click();
    await b.page.getByText(`欢迎，陈**（会员号 ${member.memberNo}）`).waitFor({ timeout: 30_000 });
    await b.page.getByRole('button', { name: '歇脚休息' }).click();
    await b.page.getByRole('button', { name: '确认' }).click();
    await b.page.getByText('签到成功').click();
    // And by phone, through the directory's hash (the kiosk holds no phone list).
    await b.page.getByRole('button', { name: /打卡签到/ }).click();
    await typeDigits(b.page, '13812340001');
    await b.page.getByRole('button', { name: '下一步' }).click();
    await b.page.getByText(`欢迎，陈**（会员号 ${member.memberNo}）`).waitFor();
    await b.page.getByRole('button', { name: '手机充电' }).click();
    await b.page.getByRole('button', { name: '确认' }).click();
    await b.page.getByText('签到成功').click();
    // Still offline, the member signs up for the training.
    await b.page.getByRole('button', { name: '活动报名' }).click();
    await b.page.getByRole('button', { name: /安全骑士培训/ }).click();
    await typeDigits(b.page, '13812340001');
    await b.page.getByRole('button', { name: '下一步' }).click();
    await b.page.getByText(/报名已提交/).waitFor();
    await b.page.getByRole('button', { name: '完成' }).click();
    await b.context.setOffline(false);
    await syncNow(b.page);
    // The server's answer came back on pull: the next tap-in tells the member.
    await b.page.getByRole('button', { name: /打卡签到/ }).click();
    await typeDigits(b.page, '13812340001');
    await b.page.getByRole('button', { name: '下一步' }).click();
    await b.page.getByRole('button', { name: '饮水' }).click();
    await b.page.getByRole('button', { name: '确认' }).click();
    await b.page.locator('.signup-confirmed', { hasText: '您已报名成功' }).waitFor();
    await b.page.getByText('签到成功').click();
    await syncNow(b.page);

    // At the training, station A's host marks the member present by card, offline.
    await syncNow(a.page);
    await a.context.setOffline(true);
    await a.page.getByRole('button', { name: '站点管理' }).click();
    await typeDigits(a.page, '2468');
    await a.page.getByRole('button', { name: '确认' }).click();
    await a.page
      .getByRole('listitem')
      .filter({ hasText: '安全骑士培训' })
      .getByRole('button', { name: '记录签到' })
      .click();
    await a.page.getByRole('button', { name: '散客 +1' }).click();
    await a.page.getByRole('button', { name: /扫会员卡/ }).click();
    await a.page.getByText('陈** 已签到').waitFor({ timeout: 30_000 });
    // A forged card (this member's id with another key) is refused, and nothing is recorded. The clip is
    // written before the camera opens: the fake camera reads its file when a page starts capturing.
    writeQrY4m(clip, cardPayload({ id: member.id, cardKey: '0000000000000000' }));
    await a.page.getByRole('button', { name: /扫会员卡/ }).click();
    await a.page.getByText('这张卡无法验证，请用手机号签到').waitFor({ timeout: 30_000 });
    await a.page.getByRole('button', { name: '返回' }).last().click();
    await a.page.getByRole('button', { name: '退出' }).click();
    await a.context.setOffline(false);
    await syncNow(a.page);

    // The console shows the sign-up confirmed and the member present.
    const detail = await api(`/api/v1/admin/events/${eventId}`, cookie);
    expect(detail.confirmed.map((r: { memberId: string }) => r.memberId)).toEqual([member.id]);
    const present = detail.attendance.filter((r: { withdrawnBy?: unknown; withdraws: unknown }) => !r.withdraws);
    expect(present.map((r: { memberId: string | null }) => r.memberId).sort()).toEqual([member.id, null].sort());

    const members = await exportNdjson('members', token);
    expect(members.filter((m) => m.member_id === member.id)).toEqual([
      expect.objectContaining({ member_no: member.memberNo }),
    ]);
    // Four tap-ins (card at A; card, phone and phone again at B), each once, each carrying the member.
    const visits = (await exportNdjson('visits', token)).filter((v) => v.member_id === member.id);
    expect(visits).toHaveLength(4);
    expect(new Set(visits.map((v) => v.id)).size).toBe(4);
    const signups = (await exportNdjson('signups', token)).filter((r) => r.member_id === member.id);
    expect(signups).toEqual([expect.objectContaining({ status: 'confirmed' })]);
    const attendance = (await exportNdjson('attendance', token)).filter((r) => r.member_id === member.id);
    expect(attendance).toHaveLength(1);
    await a.context.close();
    await b.context.close();
  });
});
