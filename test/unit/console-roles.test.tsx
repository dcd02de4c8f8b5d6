/**
 * The console by role, over a fake admin API: what each role is shown and what is hidden, the
 * device fleet's figures and flags in words, confirmations before revoke and re-enrollment,
 * refusals worded in both languages, and the audit page's filters and paging.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdminApp } from '../../src/admin/AdminApp';
import { AuditPage } from '../../src/admin/AuditPage';
import { setConsoleLang } from '../../src/admin/console-lang';
import { DevicesPage } from '../../src/admin/DevicesPage';
import { EventsPage } from '../../src/admin/EventsPage';
import { ExportDownloads } from '../../src/admin/ExportDownloads';
import { PartyOrgsPage } from '../../src/admin/PartyOrgsPage';
import { StationsPage } from '../../src/admin/StationsPage';
import { accessEn, accessErrorsEn } from '../../src/i18n/admin-access-en';
import { accessErrorsZh, accessZh } from '../../src/i18n/admin-access-zh-CN';
import type { AdminRole } from '../../src/protocol/roles';
import { STATION, fakeAdminApi } from './console-fake-api';

afterEach(() => {
  vi.unstubAllGlobals();
  setConsoleLang('zh-CN');
});

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function device(over: Record<string, unknown> = {}) {
  return {
    id: '0193a000-0000-7000-8000-00000000d001',
    name: '一号机',
    stationId: STATION.id,
    stationName: STATION.name,
    createdAt: ago(100 * HOUR),
    lastSeenAt: ago(30 * 60_000),
    heartbeatAt: ago(30 * 60_000),
    revokedAt: null,
    clockOffsetMs: 420_000,
    confirmed: 120,
    localReceipts: 120,
    appVersion: '0.1.0',
    queueDepth: 3,
    oldestPendingAt: ago(2 * HOUR),
    storagePersisted: false,
    storageUsed: 12_500_000,
    storageQuota: 500_000_000,
    flags: ['clock-off', 'storage-not-persistent'],
    quarantined: 2,
    oldestRefusedAt: ago(HOUR),
    discarded: 1,
    ...over,
  };
}

function fleet(role: AdminRole) {
  const api = fakeAdminApi(role, role === 'manager' ? [STATION.id] : null);
  api.route('GET /devices', {
    body: { devices: [device(), device({ id: 'd2', name: '二号机', flags: [], clockOffsetMs: 0 })] },
  });
  api.route('GET /stations', { body: { stations: [STATION] } });
  api.route('GET /party-orgs', { body: { orgs: [] } });
  api.route('GET /events', { body: { events: [] } });
  return api;
}

describe('what each role is shown', () => {
  it('a viewer sees figures and downloads, and no button that changes anything', async () => {
    fleet('viewer');
    const { unmount } = render(<StationsPage />);
    await screen.findByText(STATION.name);
    expect(screen.queryByRole('button', { name: '编辑' })).toBeNull();
    expect(screen.queryByRole('button', { name: '生成登记码' })).toBeNull();
    expect(screen.queryByRole('heading', { name: '新建驿站' })).toBeNull();
    unmount();
    const devices = render(<DevicesPage />);
    await screen.findByText('一号机');
    for (const name of ['停用', '重新登记码', '改名']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByText('导入驿站 U 盘文件')).toBeNull();
    devices.unmount();
    const events = render(<EventsPage />);
    await waitFor(() => expect(screen.queryByRole('button', { name: '安排新活动' })).toBeNull());
    events.unmount();
    render(<ExportDownloads names={['members']} personal />);
    expect(screen.getByRole('link', { name: '会员 CSV' })).toBeTruthy();
    expect(screen.queryByLabelText('含完整手机号和姓名')).toBeNull();
  });

  it('a station manager edits and makes codes for their station, manages devices, and neither creates stations nor archives', async () => {
    fleet('manager');
    render(<StationsPage />);
    await screen.findByText(STATION.name);
    expect(screen.getByRole('button', { name: '生成登记码' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: '新建驿站' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '编辑' }));
    await screen.findAllByLabelText('名称');
    expect(screen.queryByText('归档此驿站')).toBeNull();
  });

  it('a station manager may not edit the district’s party organisations, but may see phones in clear', async () => {
    const api = fleet('manager');
    api.route('GET /party-orgs', {
      body: {
        orgs: [
          { id: 'o1', name: '快递行业党委', type: 'industry_committee', archived: false, version: 1, memberCount: 3 },
        ],
      },
    });
    const orgs = render(<PartyOrgsPage />);
    await screen.findByText('快递行业党委');
    expect(screen.queryByRole('button', { name: '改名' })).toBeNull();
    expect(screen.queryByRole('button', { name: '停用' })).toBeNull();
    expect(screen.queryByRole('button', { name: '添加' })).toBeNull();
    orgs.unmount();
    render(<ExportDownloads names={['members']} personal />);
    expect(screen.getByLabelText('含完整手机号和姓名')).toBeTruthy();
  });

  it.each([
    ['district', true],
    ['manager', false],
    ['viewer', false],
  ] as const)('the audit tab for a %s: %s', async (role, shown) => {
    const api = fleet(role);
    api.route('GET /me', { body: { username: 'someone', role, stations: role === 'manager' ? [STATION.id] : null } });
    api.route('GET /api/v1/export', { body: { timeZone: 'Asia/Shanghai', exports: [] } });
    render(<AdminApp />);
    await screen.findByRole('button', { name: '驿站' });
    expect(Boolean(screen.queryByRole('button', { name: '操作日志' }))).toBe(shown);
    expect(screen.getAllByText(accessZh.roles[role], { exact: false }).length).toBeGreaterThan(0);
  });
});

describe('the device fleet', () => {
  it('shows each kiosk’s figures and says every flag in words', async () => {
    fleet('district');
    render(<DevicesPage />);
    const row = (await screen.findByText('一号机')).closest('tbody')!;
    const cells = within(row);
    expect(cells.getByText('0.1.0')).toBeTruthy();
    expect(cells.getByText('慢 7 分钟')).toBeTruthy();
    expect(cells.getByText('2 条待处理 · 已丢弃 1 条')).toBeTruthy();
    expect(cells.getByText('12.5 MB / 500 MB')).toBeTruthy();
    expect(cells.getByText('非持久存储')).toBeTruthy();
    expect(cells.getByText('最早一条等待 2 小时前')).toBeTruthy();
    expect(cells.getByText('30 分钟前')).toBeTruthy();
    expect(cells.getByText(accessZh.flagHelp['clock-off'])).toBeTruthy();
    expect(cells.getByText(accessZh.flagHelp['storage-not-persistent'])).toBeTruthy();
    const quiet = (await screen.findByText('二号机')).closest('tbody')!;
    expect(within(quiet).getByText('正常')).toBeTruthy();
  });

  it('says the flags in English too', async () => {
    setConsoleLang('en');
    fleet('district');
    render(<DevicesPage />);
    await screen.findByText(accessEn.flagHelp['clock-off']);
    expect(screen.getAllByText('7 min slow')).toHaveLength(1);
  });

  it('revokes only after the confirmation, and the refusal of a role is worded, nothing sent twice', async () => {
    const api = fleet('district');
    api.route('POST /devices/0193a000-0000-7000-8000-00000000d001/revoke', {
      status: 403,
      body: { error: 'Your role may not do this', code: 'forbidden_role' },
    });
    render(<DevicesPage />);
    await screen.findByText('一号机');
    fireEvent.click(screen.getAllByRole('button', { name: '停用' })[0]!);
    expect(api.writes('POST /devices/0193a000-0000-7000-8000-00000000d001/revoke')).toHaveLength(0);
    expect(screen.getByText(accessZh.revokeConfirm('一号机'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '确认停用' }));
    expect((await screen.findByRole('alert')).textContent).toBe(accessErrorsZh.forbidden_role);
    expect(api.writes('POST /devices/0193a000-0000-7000-8000-00000000d001/revoke')).toHaveLength(1);
  });

  it('makes a re-enrollment code after its confirmation, and steps back without one', async () => {
    const api = fleet('manager');
    const path = 'POST /devices/0193a000-0000-7000-8000-00000000d001/reenroll-code';
    api.route(path, {
      status: 201,
      body: { code: '1234567890', expiresAt: new Date(Date.now() + HOUR).toISOString() },
    });
    render(<DevicesPage />);
    await screen.findByText('一号机');
    fireEvent.click(screen.getAllByRole('button', { name: '重新登记码' })[0]!);
    fireEvent.click(screen.getByRole('button', { name: '返回' }));
    expect(api.writes(path)).toHaveLength(0);
    fireEvent.click(screen.getAllByRole('button', { name: '重新登记码' })[0]!);
    fireEvent.click(screen.getByRole('button', { name: '生成重新登记码' }));
    await screen.findByText(/1234567890/);
    expect(api.writes(path)).toHaveLength(1);
  });
});

describe('the audit page', () => {
  const entry = (seq: number, action: string, actor = 'admin:dora') => ({
    seq,
    at: ago(seq * 60_000),
    actor,
    action,
    address: '127.0.0.1',
    detail: `POST /api/v1/admin/devices/d${seq}/revoke`,
  });

  it('filters by who, action and days (the end day included), pages, and downloads what it shows', async () => {
    const api = fakeAdminApi('district');
    // Ids in a line are said by the names the console knows.
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('GET /devices', {
      body: { devices: [device({ id: '0193a000-0000-7000-8000-00000000d002', name: '三号机' })] },
    });
    api.route('GET /audit', (call) => ({
      body: {
        entries: [
          {
            seq: 9,
            at: ago(0),
            actor: 'admin:dora',
            action: 'device_revoked',
            detail: 'POST /devices/0193a000-0000-7000-8000-00000000d002/revoke',
          },
        ],
        total: 1,
        offset: Number(call.query.get('offset')),
        limit: 50,
      },
    }));
    const named = render(<AuditPage />);
    await screen.findByText('POST /devices/“三号机”/revoke');
    named.unmount();
    api.route('GET /audit', (call) => ({
      body: {
        entries: [
          entry(1, 'device_revoked'),
          entry(2, 'sign_in_failed', 'admin:mia'),
          entry(3, 'mystery_action', 'cli'),
        ],
        total: 120,
        offset: Number(call.query.get('offset')),
        limit: 50,
        retentionDays: 180,
      },
    }));
    render(<AuditPage />);
    await screen.findByText('mystery_action');
    const rows = [...document.querySelectorAll('table.audit-log tbody tr')].map((r) => r.textContent);
    expect(rows[0]).toContain('停用设备');
    expect(rows[1]).toContain('登录失败');
    expect(rows[1]).toContain('mia');
    expect(screen.getByText('命令行')).toBeTruthy();
    expect(screen.getByText(accessZh.auditHint(180))).toBeTruthy();
    expect(screen.getAllByText('第 1–50 条，共 120 条')).toHaveLength(2);
    fireEvent.input(screen.getByLabelText('操作人'), { target: { value: 'mia' } });
    fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'device_revoked' } });
    fireEvent.input(screen.getByLabelText('从'), { target: { value: '2026-11-01' } });
    fireEvent.input(screen.getByLabelText('到'), { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(api.calls.at(-1)!.query.get('actor')).toBe('mia'));
    const q = api.calls.at(-1)!.query;
    expect(q.get('action')).toBe('device_revoked');
    expect(q.get('from')).toBe(new Date('2026-11-01T00:00:00').toISOString());
    expect(q.get('to')).toBe(new Date('2026-12-01T00:00:00').toISOString());
    const link = screen.getByRole('link', { name: /下载 CSV/ }).getAttribute('href')!;
    expect(link).toContain('/api/v1/admin/audit/export?format=csv&actor=mia&action=device_revoked');
    fireEvent.click(screen.getAllByRole('button', { name: '下一页' })[0]!);
    await waitFor(() => expect(api.calls.at(-1)!.query.get('offset')).toBe('50'));
  });

  it('refuses a date range that ends before it starts, without asking the server', async () => {
    const api = fakeAdminApi('district');
    api.route('GET /audit', { body: { entries: [], total: 0, offset: 0, limit: 50 } });
    render(<AuditPage />);
    await screen.findByText('没有符合条件的记录');
    const before = api.calls.length;
    fireEvent.input(screen.getByLabelText('从'), { target: { value: '2026-11-30' } });
    fireEvent.input(screen.getByLabelText('到'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toBe(accessZh.rangeBackwards);
    expect(api.calls.length).toBe(before);
  });
});

describe('the words of roles', () => {
  const keys = (o: object): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v as object).map((s) => `${k}.${s}`) : [k],
    );
  const texts = (o: unknown): string[] =>
    typeof o === 'string'
      ? [o]
      : typeof o === 'function'
        ? texts((o as (...a: unknown[]) => unknown)(...Array.from({ length: o.length }, (_, i) => (i % 2 ? 3 : 'x'))))
        : o && typeof o === 'object'
          ? Object.values(o).flatMap(texts)
          : [];

  it('every Chinese key has an English one, and English has no Chinese', () => {
    expect(keys(accessEn).sort()).toEqual(keys(accessZh).sort());
    expect(keys(accessErrorsEn).sort()).toEqual(keys(accessErrorsZh).sort());
    expect([...texts(accessEn), ...texts(accessErrorsEn)].filter((s) => /[\u4e00-\u9fff]/.test(s))).toEqual([]);
  });

  it('a refusal reads in the console’s language', async () => {
    setConsoleLang('en');
    const api = fleet('district');
    api.route('POST /devices/0193a000-0000-7000-8000-00000000d001/revoke', {
      status: 403,
      body: { error: 'This station is not one of yours', code: 'forbidden_station' },
    });
    render(<DevicesPage />);
    await screen.findByText('一号机');
    fireEvent.click(screen.getAllByRole('button', { name: 'Revoke' })[0]!);
    fireEvent.click(screen.getAllByRole('button', { name: 'Revoke' })[0]!);
    expect((await screen.findByRole('alert')).textContent).toBe(accessErrorsEn.forbidden_station);
  });
});
