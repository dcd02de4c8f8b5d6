/** Registration, member card and phone lookup, sign-up and attendance at the kiosk, offline (fake-indexeddb). */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../src/db/apply-pull';
import type { KioskDb } from '../../src/db/kiosk-db';
import { findMemberByCard, findMemberByPhone, registerMember } from '../../src/db/people';
import { settlePush } from '../../src/db/settle-push';
import { cardPayload, directoryEntry, type EventRecord, type MemberRecord } from '../../src/protocol/people';
import { uuid7 } from '../../src/protocol/uuid7';
import { renderKiosk } from './kiosk-harness';

function typeDigits(digits: string) {
  for (const d of digits) fireEvent.click(screen.getByRole('button', { name: d }));
}

async function unlock(pin: string) {
  fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
  // Host mode is its own chunk: the PIN screen appears once it has loaded.
  await screen.findByText('请输入店员管理密码', {}, { timeout: 10_000 });
  typeDigits(pin);
  fireEvent.click(screen.getByRole('button', { name: '确认' }));
}

const BRANCH = { id: uuid7(), name: '网约配送员联合党支部', type: 'joint_branch' };

function event(overrides: Partial<EventRecord> = {}): EventRecord {
  const start = new Date(Date.now() + 3600_000);
  return {
    id: uuid7(),
    kind: 'training',
    title: '安全骑士培训',
    stationId: 's1',
    venue: '康民药店分站',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    capacity: 20,
    ...overrides,
  };
}

async function seedPulled(db: KioskDb, kind: string, record: { id: string } & Record<string, unknown>, version = 1) {
  await applyPullPage(db, [{ kind, op: 'put', record, version }], '0.1', new Date());
}

/** Registers through the screens, the way a worker does; answers the member number shown. */
async function registerOnScreen(phone: string, name = '李小龙') {
  fireEvent.click(await screen.findByRole('button', { name: '注册报到' }));
  fireEvent.click(await screen.findByRole('button', { name: '同意并继续' }));
  fireEvent.input(screen.getByLabelText('姓名或昵称'), { target: { value: name } });
  fireEvent.click(screen.getByRole('button', { name: '外卖骑手' }));
  fireEvent.click(screen.getByRole('button', { name: '美团' }));
  fireEvent.click(screen.getByRole('button', { name: '下一步' }));
  typeDigits(phone);
  fireEvent.click(screen.getByRole('button', { name: '下一步' }));
  typeDigits(phone);
}

describe('registration at the kiosk', () => {
  it('records consent, keeps the phone only in the outbox, and ends with the member card', async () => {
    const { db } = await renderKiosk();
    await seedPulled(db, 'party_org', BRANCH);
    await registerOnScreen('13812345678');
    await screen.findByText('您是党员吗？');
    fireEvent.click(screen.getAllByRole('button', { name: '是' })[0]!);
    fireEvent.click(screen.getAllByRole('button', { name: '是' })[1]!);
    fireEvent.input(screen.getByLabelText('组织关系所在的党组织（可不填）'), { target: { value: '河南省某县党委' } });
    fireEvent.click(await screen.findByRole('button', { name: BRANCH.name }));
    fireEvent.click(screen.getByRole('button', { name: '完成注册' }));
    const card = await screen.findByRole('region', { name: '铜心驿站会员卡' });
    expect(card.querySelector('svg')).toBeTruthy();
    expect(card.textContent).toContain('李**');
    expect(card.textContent).not.toContain('李小龙');

    const [change] = await db.outbox.toArray();
    const member = change!.record as MemberRecord;
    expect(change).toMatchObject({ kind: 'member', op: 'put', baseVersion: 0 });
    expect(member).toMatchObject({
      name: '李小龙',
      phone: '13812345678',
      occupation: 'food_delivery',
      platform: '美团',
      partyMember: true,
      mobileParty: true,
      homeOrg: '河南省某县党委',
      branchId: BRANCH.id,
      consentVersion: '2026-11',
    });
    expect(card.textContent).toContain(member.memberNo);
    // The directory entry the kiosk keeps has neither the name nor the number.
    const entry = await db.directory.get(member.id);
    expect(JSON.stringify(entry)).not.toContain('13812345678');
    expect(JSON.stringify(entry)).not.toContain('李小龙');
    expect(entry).toMatchObject({ displayName: '李**', phoneLast4: '5678', memberNo: member.memberNo });

    // Once the server confirms it, the full record is gone from the kiosk: no server copy keeps it.
    const batch = await db.outbox.toArray();
    await settlePush(db, batch, [{ id: change!.changeId, status: 'accepted', receipt: 1, version: 1 }], new Date());
    expect(await db.outbox.count()).toBe(0);
    expect(await db.pulled.where('kind').equals('member').count()).toBe(0);
    expect(await findMemberByPhone(db, '13812345678')).toMatchObject({ id: member.id });
  });

  it('registers nothing without consent', async () => {
    const { db } = await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: '注册报到' }));
    expect(await screen.findByText(/我们保存/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '不同意' }));
    expect(await screen.findByRole('button', { name: /打卡签到/ })).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.directory.count()).toBe(0);
  });

  it('asks again when the two phone entries differ, and refuses a blank name', async () => {
    const { db } = await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: '注册报到' }));
    fireEvent.click(await screen.findByRole('button', { name: '同意并继续' }));
    fireEvent.input(screen.getByLabelText('姓名或昵称'), { target: { value: '  \u200b ' } });
    fireEvent.click(screen.getByRole('button', { name: '快递员' }));
    expect(screen.getByText(/请输入姓名或昵称/)).toBeTruthy();
    expect((screen.getByRole('button', { name: '下一步' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('姓名或昵称'), { target: { value: '小王' } });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    typeDigits('13900001111');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    typeDigits('13900001112');
    expect(await screen.findByText('两次输入的手机号不一样，请再输一次')).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);
  });

  it('tells a worker already registered so, instead of registering them twice', async () => {
    const { db } = await renderKiosk();
    const first = await registerMember(db, {
      name: '张三',
      phone: '13700002222',
      occupation: 'courier',
      partyMember: false,
    });
    await registerOnScreen('13700002222', '张三丰');
    expect(await screen.findByText(new RegExp(`已经注册过了，会员号 ${first.memberNo}`))).toBeTruthy();
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('a member updating their details', () => {
  it('retypes the name, keeps the number, gets a new card, based on the server version', async () => {
    const { db } = await renderKiosk();
    const m = await registerMember(db, {
      name: '吴九',
      phone: '13200007777',
      occupation: 'courier',
      partyMember: false,
    });
    // Before the registration reached the server there is no version to base an edit on.
    const [queued] = await db.outbox.toArray();
    await settlePush(db, [queued!], [{ id: queued!.changeId, status: 'accepted', receipt: 1, version: 1 }], new Date());
    await seedPulled(db, 'member', await directoryEntry(m), 1);
    fireEvent.click(await screen.findByRole('button', { name: '注册报到' }));
    fireEvent.click(await screen.findByRole('button', { name: '已经注册过？更新我的信息' }));
    typeDigits('13200007777');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    fireEvent.click(await screen.findByRole('button', { name: '同意并继续' }));
    expect(screen.getByText(/请重新输入/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('姓名或昵称'), { target: { value: '吴久' } });
    fireEvent.click(screen.getByRole('button', { name: '网约车司机' }));
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    fireEvent.click(screen.getByRole('button', { name: '不是' }));
    fireEvent.click(screen.getByRole('button', { name: '保存修改' }));
    await screen.findByText('信息已更新');
    const change = (await db.outbox.toArray()).at(-1)!;
    expect(change).toMatchObject({ kind: 'member', baseVersion: 1, recordId: m.id });
    expect(change.record).toMatchObject({ id: m.id, memberNo: m.memberNo, name: '吴久', occupation: 'ride_hailing' });
    expect((change.record as MemberRecord).cardKey).not.toBe(m.cardKey);
    // The old card no longer opens this member on this kiosk; the new one does.
    expect(await findMemberByCard(db, cardPayload(m))).toEqual({ error: 'forged' });
    expect(await findMemberByCard(db, cardPayload(change.record as MemberRecord))).toMatchObject({
      member: { id: m.id },
    });
  });
});

describe('recognising a member', () => {
  it('finds a member by phone through the hash, and a tap-in carries the member id instead of the phone', async () => {
    const { db } = await renderKiosk();
    const m = await registerMember(db, {
      name: '王芳',
      phone: '13600003333',
      occupation: 'courier',
      partyMember: false,
    });
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    typeDigits('13600003333');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText(`欢迎，王*（会员号 ${m.memberNo}）`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    await screen.findByText('签到成功');
    const [visit] = await db.visits.toArray();
    expect(visit).toMatchObject({ memberId: m.id, phone: null });
    // Another number with the same last four digits is not this member.
    expect(await findMemberByPhone(db, '13900003333')).toBeNull();
  });

  it('accepts a card only with its own key, and follows a merge to the surviving member', async () => {
    const { db } = await renderKiosk();
    const older = await registerMember(db, {
      name: '赵六',
      phone: '13500004444',
      occupation: 'truck',
      partyMember: false,
    });
    const newer = await registerMember(db, {
      name: '赵六',
      phone: '13500004444',
      occupation: 'truck',
      partyMember: false,
    });
    expect(await findMemberByCard(db, cardPayload(newer))).toMatchObject({ member: { id: newer.id } });
    // A card with another member's id but this card's key, or a made-up id, is refused.
    expect(await findMemberByCard(db, cardPayload({ id: older.id, cardKey: newer.cardKey }))).toEqual({
      error: 'forged',
    });
    expect(await findMemberByCard(db, cardPayload({ id: uuid7(), cardKey: newer.cardKey }))).toEqual({
      error: 'unknown_member',
    });
    expect(await findMemberByCard(db, 'https://example.com/13500004444')).toEqual({ error: 'not_a_card' });
    // The server merged the second registration into the first: the kiosk learns it on pull.
    await seedPulled(db, 'member', { ...(await directoryEntry(newer)), mergedInto: older.id }, 2);
    expect(await findMemberByCard(db, cardPayload(newer))).toMatchObject({ member: { id: older.id } });
    expect(await findMemberByPhone(db, '13500004444')).toMatchObject({ id: older.id });
  });
});

describe('sign-up and attendance', () => {
  it('requests a seat offline and shows the server’s answer at the next tap-in', async () => {
    const { db } = await renderKiosk();
    const training = event();
    await seedPulled(db, 'event', training);
    const m = await registerMember(db, {
      name: '孙七',
      phone: '13400005555',
      occupation: 'food_delivery',
      partyMember: false,
    });
    fireEvent.click(await screen.findByRole('button', { name: '活动报名' }));
    fireEvent.click(await screen.findByRole('button', { name: /安全骑士培训/ }));
    typeDigits('13400005555');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText(/报名已提交/)).toBeTruthy();
    const signup = (await db.outbox.toArray()).find((e) => e.kind === 'signup')!;
    expect(signup.record).toMatchObject({ eventId: training.id, memberId: m.id, status: 'requested' });

    // The server confirmed it; the kiosk got it on pull.
    await settlePush(db, [signup], [{ id: signup.changeId, status: 'accepted', receipt: 2, version: 1 }], new Date());
    await seedPulled(db, 'signup', { ...signup.record, status: 'confirmed', decidedAt: new Date().toISOString() }, 2);
    fireEvent.click(screen.getByRole('button', { name: '完成' }));
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    typeDigits('13400005555');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    fireEvent.click(await screen.findByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    const done = await screen.findByText('您的活动报名');
    await waitFor(() => expect(done.parentElement!.textContent).toContain('您已报名成功'));
  });

  it('lets the host record members and walk-ins offline, and undo a mistake', async () => {
    const { db } = await renderKiosk();
    const meeting = event({ kind: 'party', title: '主题党日', startsAt: new Date(Date.now() - 600_000).toISOString() });
    const elsewhere = event({ title: '别的驿站的活动', stationId: 's2' });
    await seedPulled(db, 'event', meeting);
    await seedPulled(db, 'event', elsewhere);
    const m = await registerMember(db, {
      name: '周八',
      phone: '13300006666',
      occupation: 'courier',
      partyMember: true,
    });
    await unlock('2468');
    const section = await screen.findByText('本站报到统计');
    await waitFor(() => expect(section.parentElement!.textContent).toContain('本机注册 1 人 · 其中党员 1 人'));
    expect(screen.queryByText('别的驿站的活动')).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: '记录签到' }));
    fireEvent.click(screen.getByRole('button', { name: '散客 +1' }));
    fireEvent.click(screen.getByRole('button', { name: /扫会员卡/ }));
    fireEvent.click(screen.getByRole('tab', { name: '用手机号' }));
    typeDigits('13300006666');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText('周* 已签到')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('到场会员 1 人 · 散客 1 人')).toBeTruthy());
    const list = screen.getByRole('list');
    fireEvent.click(within(list).getAllByRole('button', { name: '撤销' })[0]!);
    await waitFor(() => expect(screen.getByText('到场会员 1 人 · 散客 0 人')).toBeTruthy());
    const queued = (await db.outbox.toArray()).filter((e) => e.kind === 'attendance').map((e) => e.record);
    expect(queued).toHaveLength(3);
    expect(queued[1]).toMatchObject({ eventId: meeting.id, memberId: m.id });
    expect(queued[2]).toMatchObject({ withdraws: queued[0]!.id });
  });
});
