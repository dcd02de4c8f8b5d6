/**
 * Wishes and suggestions of the demo network, in different states, through the
 * rails as console changes (a new one first, then each later status), so the
 * versions and the feed are what kiosks would see in the field.
 */
import type { Kysely } from 'kysely';
import { uuid7 } from '../src/protocol/uuid7';
import { newReceiptCode, type SuggestionRecord, type WishRecord } from '../src/protocol/wishes';
import type { Db } from './store/schema';
import { applyConsoleChange } from './sync/console-change';

const DAY = 86_400_000;

/** Puts a record and then each later state of it, every change based on the version before. */
async function putStates(db: Kysely<Db>, kind: string, states: Record<string, unknown>[], stationId: string) {
  for (const [i, record] of states.entries()) {
    const result = await applyConsoleChange(
      db,
      { kind, op: 'put', baseVersion: i, record: record as { id: string } },
      { stationId },
    );
    if (result.status !== 'accepted') throw new Error(`Demo ${kind} refused: ${result.reason ?? result.status}`);
  }
}

export async function seedDemoWishes(db: Kysely<Db>, hubId: string, branchId: string, now = new Date()) {
  const at = (ago: number) => new Date(now.getTime() - ago).toISOString();
  const wish = (over: Partial<WishRecord> & Pick<WishRecord, 'category' | 'text'>, ago: number): WishRecord => ({
    id: uuid7(now.getTime() - ago),
    createdAt: at(ago),
    memberId: null,
    status: 'open',
    ...over,
  });
  const gloves = wish(
    { category: 'daily_goods', text: '冬天骑车手冻裂了，想要一副防风手套', posterName: '王*', stationId: branchId },
    3 * DAY,
  );
  const computer = wish({ category: 'training', text: '想学用电脑做表格，将来换个工作', stationId: hubId }, 5 * DAY);
  const lawyer = wish(
    { category: 'legal', text: '送餐时被车刮倒，对方不赔，想咨询律师', posterName: '赵*', stationId: branchId },
    9 * DAY,
  );
  await putStates(db, 'wish', [gloves], branchId);
  await putStates(
    db,
    'wish',
    [computer, { ...computer, status: 'claimed', claimedBy: '铜河小哥志愿队', claimedAt: at(4 * DAY) }],
    hubId,
  );
  await putStates(
    db,
    'wish',
    [
      lawyer,
      { ...lawyer, status: 'claimed', claimedBy: '区司法局法律援助中心', claimedAt: at(8 * DAY) },
      {
        ...lawyer,
        status: 'fulfilled',
        claimedBy: '区司法局法律援助中心',
        claimedAt: at(8 * DAY),
        fulfilledAt: at(2 * DAY),
      },
    ],
    branchId,
  );

  const suggestion = (
    over: Partial<SuggestionRecord> & Pick<SuggestionRecord, 'category' | 'text'>,
    ago: number,
  ): SuggestionRecord => ({
    id: uuid7(now.getTime() - ago),
    createdAt: at(ago),
    memberId: null,
    status: 'received',
    receiptCode: newReceiptCode(),
    ...over,
  });
  const bins = suggestion({ category: 'sanitation', text: '铜河路菜市场门口垃圾桶经常满出来，夏天味道大' }, 6 * DAY);
  const lights = suggestion({ category: 'traffic', text: '学府路口红绿灯太短，电动车过不去' }, 2 * DAY);
  await putStates(
    db,
    'suggestion',
    [
      bins,
      { ...bins, status: 'in_progress', assignedTo: '城管科 刘' },
      {
        ...bins,
        status: 'resolved',
        assignedTo: '城管科 刘',
        reply: '已协调环卫每天下午加清运一次，感谢反映。',
        repliedAt: at(DAY),
      },
    ],
    branchId,
  );
  await putStates(db, 'suggestion', [lights], hubId);
}
