/** The 意见建议 screens at the kiosk, offline (fake-indexeddb): leave one and see its code, check progress by code. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../src/db/apply-pull';
import { renderKiosk } from './kiosk-harness';

async function openSuggestions() {
  fireEvent.click(await screen.findByRole('button', { name: '意见建议' }));
  // The suggestion screens are their own chunk: the menu appears once it has loaded.
  await screen.findByRole('button', { name: /提建议/ });
}

describe('意见建议 at the kiosk', () => {
  it('leaves a suggestion offline and shows its receipt code, refusing emoji-only text first', async () => {
    const { db, triggers } = await renderKiosk();
    await openSuggestions();
    fireEvent.click(screen.getByRole('button', { name: /提建议/ }));
    fireEvent.click(await screen.findByRole('button', { name: '小区治理' }));
    const box = await screen.findByRole('textbox');
    fireEvent.input(box, { target: { value: '👍👍👍' } });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText('内容里要有文字（不能只有表情或符号）')).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);
    fireEvent.input(box, { target: { value: '3号楼楼道灯坏了一个月了' } });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    fireEvent.click(await screen.findByRole('button', { name: '匿名提交' }));
    const code = await screen.findByTestId('receipt-code');
    expect(code.textContent).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(screen.getByText(/在本区任何一个驿站的签到机上/)).toBeTruthy();
    const [queued] = await db.outbox.toArray();
    expect(queued).toMatchObject({
      kind: 'suggestion',
      record: {
        category: 'residential',
        text: '3号楼楼道灯坏了一个月了',
        memberId: null,
        receiptCode: code.textContent,
      },
    });
    expect(triggers).toContain('record');
  });

  it('checks progress by code: a malformed code and an unknown one get their own message, a known one its reply', async () => {
    const { db } = await renderKiosk();
    await applyPullPage(
      db,
      [
        {
          kind: 'suggestion_status',
          op: 'put',
          version: 3,
          record: {
            id: '0195a0b2-0000-7000-8000-0000000000c1',
            receiptCode: 'K7M2-9QPA',
            createdAt: '2026-11-01T02:00:00.000Z',
            category: 'traffic',
            status: 'resolved',
            reply: '<b>已延长</b>绿灯到 45 秒',
            repliedAt: '2026-11-05T02:00:00.000Z',
            stationName: '铜心驿站 · 电信营业厅分站',
          },
        },
      ],
      '0.1',
      new Date(),
    );
    await openSuggestions();
    fireEvent.click(screen.getByRole('button', { name: /查进度/ }));
    const input = await screen.findByLabelText(/查询码/);
    const ask = (code: string) => {
      fireEvent.input(input, { target: { value: code } });
      fireEvent.click(screen.getByRole('button', { name: '查询' }));
    };
    ask('O0I1');
    expect(await screen.findByText(/查询码是 8 位字母和数字/)).toBeTruthy();
    ask('ABCD-EFGH');
    expect(await screen.findByText(/没有找到这个查询码/)).toBeTruthy();
    ask('k7m2 9qpa');
    await waitFor(() => expect(screen.getByTestId('suggestion-status').textContent).toBe('已办结'));
    // The reply is shown as text, never as markup.
    expect(screen.getByTestId('suggestion-reply').textContent).toBe('<b>已延长</b>绿灯到 45 秒');
    expect(screen.getByText(/在 铜心驿站 · 电信营业厅分站 提交/)).toBeTruthy();
  });
});
