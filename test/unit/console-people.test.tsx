/** The console's members, events and party organisation pages over a fake admin API. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdminApp } from '../../src/admin/AdminApp';
import { EventsPage } from '../../src/admin/EventsPage';
import { MembersPage } from '../../src/admin/MembersPage';
import { PartyOrgsPage } from '../../src/admin/PartyOrgsPage';
import { STATION, event, fakeAdminApi, member, memberDetail } from './console-fake-api';

afterEach(() => vi.unstubAllGlobals());

function withDirectory(api: ReturnType<typeof fakeAdminApi>) {
  api.route('GET /stations', { body: { stations: [STATION] } });
  api.route('GET /party-orgs', { body: { orgs: [] } });
}

function fillEvent(title: string) {
  fireEvent.input(screen.getByLabelText('标题'), { target: { value: title } });
  fireEvent.input(screen.getByLabelText('开始'), { target: { value: '2026-12-03T14:00' } });
  fireEvent.input(screen.getByLabelText('结束'), { target: { value: '2026-12-03T16:00' } });
}

describe('events', () => {
  it('creates one event when 创建活动 is double-clicked', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /events', { body: { events: [] } });
    api.route('POST /events', (c) => ({ status: 201, body: { event: event(c.body as object) }, delayMs: 50 }));
    render(<EventsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '安排新活动' }));
    await waitFor(() => expect(screen.getAllByText(STATION.name).length).toBeGreaterThan(1));
    fillEvent('安全骑士');
    const submit = screen.getByRole('button', { name: '创建活动' });
    // Both clicks in one task, before Preact re-renders the button as disabled.
    submit.click();
    submit.click();
    expect((await screen.findByRole('status')).textContent).toBe('已创建活动：安全骑士');
    expect(api.writes('POST /events')).toHaveLength(1);
    const body = api.writes('POST /events')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'training', title: '安全骑士', stationId: STATION.id, capacity: 30 });
    expect(body.startsAt).toBe(new Date(2026, 11, 3, 14, 0).toISOString());
  });

  it('refuses an event that ends before it starts, in Chinese, without calling the server', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /events', { body: { events: [] } });
    render(<EventsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '安排新活动' }));
    await waitFor(() => expect(screen.getAllByText(STATION.name).length).toBeGreaterThan(1));
    fillEvent('关爱心理健康');
    fireEvent.input(screen.getByLabelText('结束'), { target: { value: '2026-12-03T13:00' } });
    fireEvent.click(screen.getByRole('button', { name: '创建活动' }));
    expect((await screen.findByRole('alert')).textContent).toBe('结束时间必须晚于开始时间');
    expect(api.writes('POST /events')).toHaveLength(0);
  });

  it('says a conflict in Chinese, never the server’s English sentence, and reloads the list', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /events', { body: { events: [event()] } });
    api.route('POST /events/0193a000-0000-7000-8000-0000000000e1/cancel', {
      status: 409,
      body: { error: 'The event changed since version 1', code: 'conflict' },
    });
    render(<EventsPage />);
    const row = (await screen.findByText('安全骑士')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: '取消活动' }));
    fireEvent.click(screen.getByRole('button', { name: '确认取消活动' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('刚被别人改过');
    expect(document.body.textContent).not.toContain('version 1');
    await waitFor(() => expect(api.writes('GET /events').length).toBeGreaterThan(1));
  });

  it('shows an event’s waitlist in order and its attendance totals', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    const e = event({ capacity: 1, confirmed: 1, waitlisted: 2, attended: 4 });
    api.route('GET /events', { body: { events: [e] } });
    const signup = (n: number, status: 'confirmed' | 'waitlisted', pos: number | null) => ({
      id: `s${n}`,
      eventId: e.id,
      eventTitle: e.title,
      memberId: `m${n}`,
      memberNo: `AAAAA-0000${n}`,
      memberName: `会员${n}`,
      recordedMemberId: `m${n}`,
      status,
      waitlistPosition: pos,
      createdAt: e.startsAt,
      receivedAt: e.startsAt,
      decidedAt: null,
      stationId: STATION.id,
      stationName: STATION.name,
      sameAs: null,
    });
    const att = (id: string, memberId: string | null, count: number, more = {}) => ({
      id,
      eventId: e.id,
      eventTitle: e.title,
      memberId,
      memberNo: memberId && 'AAAAA-00001',
      memberName: memberId && '会员1',
      recordedMemberId: memberId,
      count,
      createdAt: e.startsAt,
      receivedAt: e.startsAt,
      stationId: STATION.id,
      withdraws: null,
      withdrawn: false,
      ...more,
    });
    api.route(`GET /events/${e.id}`, {
      body: {
        event: e,
        confirmed: [signup(1, 'confirmed', null)],
        waitlist: [signup(2, 'waitlisted', 1), signup(3, 'waitlisted', 2)],
        cancelled: [],
        attendance: [
          att('a1', 'm1', 1),
          att('a2', null, 3),
          att('a3', null, 5, { withdrawn: true }),
          att('a4', null, 1, { withdraws: 'a3' }),
        ],
      },
    });
    render(<EventsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '报名与签到' }));
    await screen.findByText('候补名单（2，按收到顺序）');
    const rows = screen.getAllByRole('row').filter((r) => r.textContent?.includes('候补第'));
    expect(rows.map((r) => r.textContent?.match(/会员\d/)?.[0])).toEqual(['会员2', '会员3']);
    expect(screen.getByText('到场合计 4 人：会员 1 人，散客 3 人')).toBeTruthy();
  });
});

describe('members', () => {
  it('searches by the last four digits and pages on the server', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /members', (c) => ({
      body: { members: [member()], total: 120, offset: Number(c.query.get('offset')), limit: 50 },
    }));
    render(<MembersPage />);
    await screen.findAllByText('第 1–50 人，共 120 人');
    expect(screen.getByText('李**')).toBeTruthy();
    expect(screen.getByText('138****5678')).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '5678' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    await waitFor(() => expect(api.calls.at(-1)?.query.get('q')).toBe('5678'));
    fireEvent.click(screen.getAllByRole('button', { name: '下一页' })[0]!);
    await screen.findAllByText('第 51–100 人，共 120 人');
    expect(api.calls.at(-1)?.query.get('q')).toBe('5678');
    expect(api.calls.at(-1)?.query.get('offset')).toBe('50');
  });

  it('merges a duplicate registration into the member the admin keeps, after a confirmation', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    const first = member();
    const second = member({
      id: '0193a000-0000-7000-8000-000000000002',
      memberNo: 'ZZZZZ-11111',
      stationName: '铜心驿站 · 药店分站',
    });
    api.route('GET /members', (c) => ({
      body: { members: c.query.get('limit') === '20' ? [first, second] : [first], total: 1, offset: 0, limit: 50 },
    }));
    api.route(`GET /members/${first.id}`, { body: memberDetail(first) });
    api.route('POST /members/merge', { body: memberDetail(first, [{ ...second, mergedInto: first.id }]) });
    render(<MembersPage />);
    fireEvent.click(await screen.findByRole('button', { name: `查看 ${first.memberNo}` }));
    await screen.findByText('李小龙（7K3M2-9QPAX）');
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    fireEvent.click(await screen.findByRole('button', { name: '选这条' }));
    fireEvent.click(screen.getByRole('button', { name: '合并重复登记…' }));
    const bar = screen.getByRole('group', { name: '确认合并' });
    expect(bar.textContent).toContain('确定把李小龙（ZZZZZ-11111）并入李小龙（7K3M2-9QPAX）吗');
    fireEvent.click(within(bar).getByRole('button', { name: '确认合并' }));
    expect((await screen.findByRole('status')).textContent).toBe('已合并：ZZZZZ-11111 已并入 7K3M2-9QPAX。');
    expect(api.writes('POST /members/merge')[0]!.body).toEqual({ survivorId: first.id, aliasId: second.id });
  });

  it('says the network is down in Chinese when the server cannot be reached', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /members', 'offline');
    render(<MembersPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('连不上服务器：请检查网络后重试。');
  });

  it('does not show an answer that does not match the contract', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /members', { body: { members: [{ id: 'x' }], total: 1, offset: 0, limit: 50 } });
    render(<MembersPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('服务器的回答无法识别，请刷新页面后重试。');
  });
});

describe('party organisations', () => {
  it('adds one and archives it after a confirmation', async () => {
    const api = fakeAdminApi();
    const org = {
      id: 'o1',
      name: '快递行业党委',
      type: 'industry_committee',
      archived: false,
      version: 1,
      memberCount: 0,
    };
    let orgs = [org];
    api.route('GET /party-orgs', () => ({ body: { orgs } }));
    api.route('POST /party-orgs', (c) => ({ status: 201, body: { org: { ...org, id: 'o2', ...(c.body as object) } } }));
    api.route('POST /party-orgs/o1', (c) => {
      orgs = [{ ...org, ...(c.body as object), version: 2 }];
      return { body: { org: orgs[0] } };
    });
    render(<PartyOrgsPage />);
    await screen.findByText('快递行业党委');
    fireEvent.input(screen.getByLabelText('名称'), { target: { value: '外卖骑手联合党支部' } });
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    expect((await screen.findByRole('status')).textContent).toBe('已添加：外卖骑手联合党支部');
    expect(api.writes('POST /party-orgs')[0]!.body).toEqual({ name: '外卖骑手联合党支部', type: 'joint_branch' });
    fireEvent.click(screen.getByRole('button', { name: '停用' }));
    fireEvent.click(screen.getByRole('button', { name: '确认停用' }));
    await screen.findByText('已停用：快递行业党委');
    expect(api.writes('POST /party-orgs/o1')[0]!.body).toEqual({ version: 1, archived: true });
  });
});

describe('session', () => {
  it('goes back to sign-in, saying why, when the session has expired', async () => {
    const api = fakeAdminApi();
    withDirectory(api);
    api.route('GET /me', { body: { username: 'admin' } });
    api.route('GET /members', { status: 401, body: { error: 'Not signed in', code: 'unauthorized' } });
    render(<AdminApp />);
    fireEvent.click(await screen.findByRole('button', { name: '会员' }));
    expect((await screen.findByRole('status')).textContent).toBe('登录已过期，请重新登录。');
    expect(screen.getByRole('button', { name: '登录' })).toBeTruthy();
  });
});
