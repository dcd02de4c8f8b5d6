/** The console's suggestions queue over a fake admin API: filters reach the server, answers and refusals are worded. */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SuggestionsPage } from '../../src/admin/SuggestionsPage';
import type { SuggestionSummary } from '../../src/protocol/console-suggestions';
import { STATION, fakeAdminApi } from './console-fake-api';

afterEach(() => vi.unstubAllGlobals());

function suggestion(over: Partial<SuggestionSummary> = {}): SuggestionSummary {
  return {
    id: '0195a0b2-0000-7000-8000-0000000000c1',
    receiptCode: 'K7M2-9QPA',
    category: 'sanitation',
    text: '=HYPERLINK("x") 菜市场门口垃圾桶满了',
    status: 'received',
    stationId: STATION.id,
    stationName: STATION.name,
    createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    updatedAt: new Date().toISOString(),
    assignedTo: null,
    reply: null,
    repliedAt: null,
    fromMember: false,
    photo: { type: 'image/jpeg', bytes: 40_000 },
    version: 2,
    ...over,
  };
}

function setUp() {
  const api = fakeAdminApi();
  api.route('GET /stations', { body: { stations: [STATION] } });
  api.route('GET /suggestions/assignees', { body: { admins: ['admin', 'zhang'] } });
  api.route('GET /suggestions', {
    body: {
      suggestions: [suggestion()],
      total: 1,
      offset: 0,
      limit: 50,
      figures: { collected: 88, resolved: 32, declined: 3, inProgress: 20, received: 33 },
    },
  });
  api.route(`GET /suggestions/${suggestion().id}`, { body: { suggestion: suggestion() } });
  return api;
}

describe('the suggestions queue', () => {
  it('shows the district’s figures and asks the server for the open ones, filtered and sorted', async () => {
    const api = setUp();
    render(<SuggestionsPage />);
    expect((await screen.findByTestId('suggestion-figures')).textContent).toContain('共收集 88 条，已办结 32 条');
    expect(api.calls.find((c) => c.path === '/suggestions')!.query.get('status')).toBe('open');
    fireEvent.change(screen.getByLabelText('类别'), { target: { value: 'traffic' } });
    fireEvent.change(screen.getByLabelText('排序'), { target: { value: 'age-desc' } });
    await waitFor(() => {
      const last = api.calls.filter((c) => c.path === '/suggestions').at(-1)!.query;
      expect([last.get('category'), last.get('sort'), last.get('order'), last.get('offset')]).toEqual([
        'traffic',
        'age',
        'desc',
        '0',
      ]);
    });
    // Free text is text, never a formula or markup.
    expect(screen.getByText('=HYPERLINK("x") 菜市场门口垃圾桶满了')).toBeTruthy();
  });

  it('answers a suggestion and words the server’s refusals: a conflict reloads what it shows', async () => {
    const api = setUp();
    let conflict = true;
    api.route(`POST /suggestions/${suggestion().id}`, (c) => {
      if (conflict) {
        conflict = false;
        return { status: 409, body: { error: 'changed', code: 'conflict' } };
      }
      return { body: { suggestion: suggestion({ ...(c.body as object), version: 3 }) } };
    });
    render(<SuggestionsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '查看' }));
    await screen.findByRole('heading', { name: '意见建议 K7M2-9QPA' });
    expect(screen.getByRole('img', { name: '提交时拍的照片' }).getAttribute('src')).toBe(
      `/api/v1/admin/suggestions/${suggestion().id}/photo`,
    );
    // Resolving with no reply is stopped on the page.
    fireEvent.click(screen.getByRole('button', { name: '已办结' }));
    expect((await screen.findByRole('alert')).textContent).toContain('请先写好答复');
    expect(api.writes(`POST /suggestions/${suggestion().id}`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('指派给'), { target: { value: 'zhang' } });
    fireEvent.click(screen.getByRole('button', { name: '指派' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('刚被别人改过'));
    const reads = () => api.calls.filter((c) => c.path === `/suggestions/${suggestion().id}` && c.method === 'GET');
    await waitFor(() => expect(reads().length).toBe(2));
    fireEvent.change(screen.getByLabelText('指派给'), { target: { value: 'zhang' } });
    fireEvent.click(screen.getByRole('button', { name: '指派' }));
    expect((await screen.findByRole('status')).textContent).toBe('已指派给 zhang');
    expect(api.writes(`POST /suggestions/${suggestion().id}`).at(-1)!.body).toEqual({
      version: 2,
      assignedTo: 'zhang',
    });
  });
});
