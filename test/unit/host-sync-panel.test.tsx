/** What the host sees about sync on the kiosk: reconciliation, refused records (retry or discard), storage loss. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { KioskDb } from '../../src/db/kiosk-db';
import { recordVisit } from '../../src/db/record-visit';
import { visitStates } from '../../src/db/visit-state';
import { renderKiosk } from './kiosk-harness';

async function unlock() {
  fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
  // Host mode is its own chunk: the PIN screen appears once it has loaded.
  await screen.findByText('请输入店员管理密码', {}, { timeout: 10_000 });
  for (const d of '2468') fireEvent.click(screen.getByRole('button', { name: d }));
  fireEvent.click(screen.getByRole('button', { name: '确认' }));
  await screen.findByRole('heading', { name: '同步状态' });
}

async function refuse(db: KioskDb, reason: string, code = 'invalid_record') {
  const v = await recordVisit(db, { services: ['rest'], phone: null }, new Date(Date.now() - 3 * 3600_000));
  await db.transaction('rw', db.outbox, db.refused, db.visits, async () => {
    await db.outbox.where('recordId').equals(v.id).delete();
    await db.refused.put({
      changeId: v.id,
      recordId: v.id,
      kind: 'visit',
      op: 'put',
      record: v,
      reason,
      code,
      rejectedAt: new Date().toISOString(),
    });
  });
  return v;
}

describe('host sync panel', () => {
  it('reads "N logged · M confirmed · K pending" with the age of the oldest pending', async () => {
    const { db } = await renderKiosk();
    await recordVisit(db, { services: ['rest'], phone: null }, new Date(Date.now() - 2 * 3600_000));
    await recordVisit(db, { services: ['water'], phone: null });
    const synced = await recordVisit(db, { services: ['water'], phone: null });
    await db.outbox.where('recordId').equals(synced.id).delete();
    await unlock();
    await waitFor(() =>
      expect(screen.getByTestId('reconcile').textContent).toBe(
        '本机记录 3 条：服务器已确认 1 条 · 待同步 2 条（最早一条已等待 2 小时）',
      ),
    );
  });

  it('shows a refused record with the server’s reason in Chinese, and puts it back in the queue on retry', async () => {
    const { db, triggers } = await renderKiosk();
    const v = await refuse(db, 'Invalid visit: services: lists a service twice');
    await unlock();
    expect(await screen.findByText('记录内容不完整或有误（例如时间不对）')).toBeTruthy();
    // The server's English detail never reaches the Chinese screen.
    expect(screen.queryByText(/lists a service twice/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(screen.queryByText('记录内容不完整或有误（例如时间不对）')).toBeNull());
    expect((await db.outbox.toArray()).map((e) => e.recordId)).toEqual([v.id]);
    expect((await visitStates(db, [v.id])).get(v.id)).toBe('pending');
    expect(triggers).toContain('manual');
  });

  it('discards a refused record only after the host confirms', async () => {
    const { db } = await renderKiosk();
    const v = await refuse(db, 'The record names another station', 'wrong_station');
    await unlock();
    expect(await screen.findByText(/属于另一个驿站/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: '放弃' }));
    expect((await db.refused.get(v.id))?.discardedAt).toBeUndefined();
    fireEvent.click(screen.getByRole('button', { name: /确定放弃/ }));
    await waitFor(() => expect(screen.queryByText(/属于另一个驿站/)).toBeNull());
    // Dropped from the host's to-do list, never uploaded, and still on record as refused.
    expect((await db.refused.get(v.id))?.discardedAt).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);
    expect((await visitStates(db, [v.id])).get(v.id)).toBe('rejected');
  });

  it('tells the host plainly when the kiosk’s storage was wiped, until they acknowledge it', async () => {
    const { db } = await renderKiosk();
    await db.meta.put({
      key: 'storageLost',
      value: { serverConfirmed: 41, localHighWater: 0, detectedAt: new Date().toISOString() },
    });
    await unlock();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('本机存储曾被清除');
    expect(alert.textContent).toContain('41');
    fireEvent.click(screen.getByRole('button', { name: '知道了' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect((await db.meta.get('receiptHighWater'))?.value).toBe(41);
  });

  it('tells the host in plain words when a change made offline lost to the district’s, until they acknowledge it', async () => {
    const { db } = await renderKiosk();
    await db.conflicts.put({
      changeId: 'c1',
      kind: 'station',
      recordId: 's1',
      mine: { id: 's1' },
      theirs: { id: 's1' },
      serverVersion: 2,
      at: new Date().toISOString(),
    });
    await unlock();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('您的修改未生效');
    expect(alert.textContent).toContain('区里已先更新了这条驿站设置');
    fireEvent.click(screen.getByRole('button', { name: '知道了' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect((await db.conflicts.get('c1'))?.seenAt).toBeTruthy();
  });
});
