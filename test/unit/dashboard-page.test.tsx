/** The console's 概览 over a fake admin API: the figures it was given, its filters, and refusals in the admin's words. */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DashboardPage } from '../../src/admin/DashboardPage';
import { setConsoleLang } from '../../src/admin/console-lang';
import { dashboardEn } from '../../src/i18n/admin-dashboard-en';
import { dashboardZh } from '../../src/i18n/admin-dashboard-zh-CN';
import type { OverviewResponse } from '../../src/protocol/overview';
import { STATION, fakeAdminApi } from './console-fake-api';

afterEach(() => {
  vi.unstubAllGlobals();
  setConsoleLang('zh-CN');
});

function overview(over: Partial<OverviewResponse> = {}): OverviewResponse {
  return {
    from: '2026-09-02',
    to: '2026-11-30',
    timeZone: 'Asia/Shanghai',
    stationId: null,
    stations: {
      total: 24,
      hub: 1,
      branch: 23,
      archived: 2,
      byHostType: { pharmacy: 9, supermarket: 6, telecom: 4, community: 4, district_office: 1, other: 0, unset: 0 },
    },
    devices: { total: 30, online: 21, silent: 3, flagged: 2 },
    people: { workers: 1640, partyMembers: 157, mobilePartyMembers: 40 },
    trainings: { held: 65, attendance: 1210 },
    wishes: { posted: 120, fulfilled: 97 },
    suggestions: { collected: 88, resolved: 32 },
    visits: {
      total: 5,
      perDay: [{ day: '2026-11-30', n: 5 }],
      perStation: [{ stationId: STATION.id, name: STATION.name, n: 5 }],
      perService: [{ service: 'rest', n: 5 }],
      heat: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
    },
    ...over,
  };
}

/** The figure a card shows under its label. */
const card = (label: string) =>
  screen.getByText(label, { selector: 'dt' }).parentElement!.querySelector('strong')!.textContent;

describe('概览', () => {
  it('shows the district’s figures as the server gave them', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('GET /overview', { body: overview() });
    render(<DashboardPage />);
    await screen.findByText('登记人员', { selector: 'dt' });
    expect(card('登记人员')).toBe('1,640');
    expect(card('党员')).toBe('157');
    expect(card('已办培训')).toBe('65');
    expect(card('意见建议')).toBe('88');
    expect(screen.getByText(/已解决 32/)).toBeTruthy();
    expect(screen.getByText(/承办场所：药店 9 · 超市 6/)).toBeTruthy();
    expect(screen.getByText(/另有 2 个已归档/)).toBeTruthy();
    // The range the server chose fills the date inputs.
    await waitFor(() => expect((screen.getByLabelText('从') as HTMLInputElement).value).toBe('2026-09-02'));
  });

  it('asks for the chosen days and station, and words a refusal by its code', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('GET /overview', (c) =>
      c.query.get('from') === '2026-11-20'
        ? { status: 400, body: { error: 'The range ends before it starts', code: 'range_backwards' } }
        : { body: overview() },
    );
    render(<DashboardPage />);
    await screen.findByText('登记人员', { selector: 'dt' });
    await screen.findByRole('option', { name: STATION.name });
    fireEvent.input(screen.getByLabelText('从'), { target: { value: '2026-11-20' } });
    fireEvent.input(screen.getByLabelText('到'), { target: { value: '2026-11-10' } });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: STATION.id } });
    fireEvent.click(screen.getByRole('button', { name: '查看' }));
    expect((await screen.findByRole('alert')).textContent).toBe('结束日期早于开始日期，请重新选择');
    const asked = api.writes('GET /overview').at(-1)!.query;
    expect(Object.fromEntries(asked)).toEqual({ from: '2026-11-20', to: '2026-11-10', station: STATION.id });
  });

  it('says so when there were no visits, and speaks English on the switch', async () => {
    setConsoleLang('en');
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('GET /overview', {
      body: overview({ visits: { ...overview().visits, total: 0, perDay: [], perStation: [], perService: [] } }),
    });
    render(<DashboardPage />);
    expect(await screen.findByText('No visits on the chosen days')).toBeTruthy();
    expect(card('Registered workers')).toBe('1,640');
  });

  it('has every string in both languages, and no Chinese in the English', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(dashboardEn)).toEqual(keys(dashboardZh));
    const calls = Object.values(dashboardEn as Record<string, unknown>)
      .filter((v): v is (...a: unknown[]) => unknown => typeof v === 'function')
      .map((f) => String(f('x', 3, 'y')));
    const text = JSON.stringify(dashboardEn) + calls.join();
    expect(text).not.toMatch(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/);
  });
});
