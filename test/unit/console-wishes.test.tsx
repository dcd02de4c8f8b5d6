/** The console's micro-wish page over a fake admin API: filters, claim with a name, and every answer said in words. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WishesPage } from '../../src/admin/WishesPage';
import type { WishSummary } from '../../src/protocol/console-wishes';
import { STATION, fakeAdminApi } from './console-fake-api';

afterEach(() => vi.unstubAllGlobals());

function wish(over: Partial<WishSummary> = {}): WishSummary {
  return {
    id: '0193a000-0000-7000-8000-0000000000w1',
    createdAt: '2026-11-26T02:00:00.000Z',
    category: 'daily_goods',
    text: '=HYPERLINK("x") 冬天骑车手冻裂了，想要一副防风手套',
    status: 'open',
    posterName: '王*',
    memberNo: '7K3M2-9QPAX',
    stationId: STATION.id,
    stationName: STATION.name,
    claimedBy: null,
    claimedAt: null,
    fulfilledAt: null,
    withdrawnAt: null,
    version: 1,
    ...over,
  };
}

function listing(wishes: WishSummary[]) {
  return {
    wishes,
    total: wishes.length,
    offset: 0,
    limit: 50,
    counts: { open: 1, claimed: 0, fulfilled: 0, withdrawn: 0 },
  };
}

describe('the console’s wishes', () => {
  it('filters on the server, claims with a volunteer’s name on the version shown, and says so', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    let current = wish();
    api.route('GET /wishes', () => ({ body: listing([current]) }));
    api.route('POST /wishes/0193a000-0000-7000-8000-0000000000w1/claim', (c) => {
      current = { ...current, status: 'claimed', claimedBy: (c.body as { claimedBy: string }).claimedBy, version: 2 };
      return { body: { wish: current } };
    });
    render(<WishesPage />);
    const row = (await screen.findByText(/冬天骑车手冻裂了/)).closest('tr')!;
    // Shown as text, the poster only masked, with the member number to reach them by.
    expect(row.textContent).toContain('=HYPERLINK("x")');
    expect(row.textContent).toContain('王*');
    expect(row.textContent).toContain('会员号 7K3M2-9QPAX');
    expect(api.calls.find((c) => c.path === '/wishes')!.query.get('status')).toBe('open');

    fireEvent.change(screen.getByLabelText('许愿时间'), { target: { value: 'olderWeek' } });
    await waitFor(() => expect(api.calls.at(-1)!.query.get('minDays')).toBe('7'));

    fireEvent.click(within(row).getByRole('button', { name: '认领' }));
    fireEvent.input(within(row).getByLabelText('认领人（志愿者、团队或部门）'), {
      target: { value: '铜河小哥志愿队' },
    });
    fireEvent.click(within(row).getByRole('button', { name: '确认认领' }));
    expect((await screen.findByRole('status')).textContent).toContain('已由铜河小哥志愿队认领');
    expect(api.writes('POST /wishes/0193a000-0000-7000-8000-0000000000w1/claim')[0]!.body).toEqual({
      version: 1,
      claimedBy: '铜河小哥志愿队',
    });
    expect(await screen.findByText('认领：铜河小哥志愿队')).toBeTruthy();
  });

  it('words a conflict and a backward move plainly and reads the list again', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('GET /wishes', { body: listing([wish()]) });
    api.route('POST /wishes/0193a000-0000-7000-8000-0000000000w1/withdraw', {
      status: 409,
      body: { error: 'The wish changed meanwhile', code: 'conflict' },
    });
    api.route('POST /wishes/0193a000-0000-7000-8000-0000000000w1/fulfil', {
      status: 409,
      body: { error: 'A fulfilled record cannot become fulfilled', code: 'status_backwards' },
    });
    render(<WishesPage />);
    const row = () => screen.getByText(/冬天骑车手冻裂了/).closest('tr')!;
    await screen.findByText(/冬天骑车手冻裂了/);
    const reads = () => api.calls.filter((c) => c.path === '/wishes').length;
    const before = reads();
    fireEvent.click(within(row()).getByRole('button', { name: '撤回' }));
    fireEvent.click(within(within(row()).getByRole('group')).getByRole('button', { name: '撤回' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/刚被别人（或驿站）改过，你的操作没有生效/);
    await waitFor(() => expect(reads()).toBeGreaterThan(before));

    fireEvent.click(within(row()).getByRole('button', { name: '标为已实现' }));
    fireEvent.click(within(within(row()).getByRole('group')).getByRole('button', { name: '标为已实现' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/状态只能往前走/));
    expect(screen.getByRole('alert').textContent).not.toMatch(/[A-Za-z]{4}/);
  });
});
