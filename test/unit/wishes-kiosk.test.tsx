/** Micro-wishes at the kiosk, offline (fake-indexeddb): posting, the wall, my wishes, and host mode's claims. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../src/db/apply-pull';
import type { KioskDb } from '../../src/db/kiosk-db';
import { settlePush } from '../../src/db/settle-push';
import { CONSENT_VERSION, directoryEntry, newCardKey, newMemberNo, type MemberRecord } from '../../src/protocol/people';
import { uuid7 } from '../../src/protocol/uuid7';
import type { WishRecord } from '../../src/protocol/wishes';
import { WISHES_STRINGS } from '../../src/i18n/wishes';
import { wishConflictText } from '../../src/kiosk/wishes/HostWishes';
import { renderKiosk } from './kiosk-harness';

function typeDigits(digits: string) {
  for (const d of digits) fireEvent.click(screen.getByRole('button', { name: d }));
}

function wish(over: Partial<WishRecord> = {}): WishRecord {
  return {
    id: uuid7(),
    createdAt: new Date().toISOString(),
    category: 'daily_goods',
    text: '想要一副防风手套',
    memberId: null,
    status: 'open',
    ...over,
  };
}

function member(phone: string): MemberRecord {
  const at = new Date().toISOString();
  return {
    id: uuid7(),
    createdAt: at,
    memberNo: newMemberNo(),
    name: '王大力',
    phone,
    occupation: 'courier',
    partyMember: false,
    consentVersion: CONSENT_VERSION,
    consentAt: at,
    cardKey: newCardKey(),
  };
}

async function pull(db: KioskDb, kind: string, record: { id: string } & Record<string, unknown>, version = 1) {
  await applyPullPage(db, [{ kind, op: 'put', record, version }], `0.${Math.random()}`, new Date());
}

/** The wall's list of cards, once it is on screen. */
const wall = () => screen.findByRole('list');

describe('posting a wish at the kiosk', () => {
  it('says what is wrong with empty, emoji-only or over-long text, then queues the wish and shows it on the wall', async () => {
    const { db, triggers } = await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: '微心愿' }));
    await screen.findByText('还没有心愿，来许下第一个吧！');
    fireEvent.click(screen.getByRole('button', { name: '我要许愿' }));
    fireEvent.click(await screen.findByRole('button', { name: '不留名，匿名许愿' }));
    const text = screen.getByLabelText('你的心愿');
    expect(text.tagName).toBe('TEXTAREA');

    fireEvent.click(screen.getByRole('button', { name: '发布心愿' }));
    expect(screen.getByText('请先选一个心愿类别')).toBeTruthy();
    expect(screen.getByText('请先写下你的心愿')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '学习培训' }));
    fireEvent.input(text, { target: { value: '🙏🙏 ✨' } });
    fireEvent.click(screen.getByRole('button', { name: '发布心愿' }));
    expect(screen.getByText('心愿里要有文字，不能只有表情或符号')).toBeTruthy();
    fireEvent.input(text, { target: { value: '学'.repeat(201) } });
    expect(screen.getByText('心愿太长了，最多 200 个字，请删减一些')).toBeTruthy();
    expect(screen.getByText('201 / 200 字')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '发布心愿' }));
    expect(await db.outbox.count()).toBe(0);

    // Line breaks from the touch keyboard's Enter become spaces; the text is kept as text.
    fireEvent.input(text, { target: { value: '想学电脑打字\n<b>周末</b>有空' } });
    fireEvent.click(screen.getByRole('button', { name: '发布心愿' }));
    await screen.findByText('心愿已发布');
    const [queued] = await db.outbox.toArray();
    expect(queued).toMatchObject({
      kind: 'wish',
      baseVersion: 0,
      record: {
        category: 'training',
        text: '想学电脑打字 <b>周末</b>有空',
        memberId: null,
        status: 'open',
        stationId: 's1',
      },
    });
    expect(triggers).toContain('record');

    fireEvent.click(screen.getByRole('button', { name: '去心愿墙看看' }));
    const card = await within(await wall()).findByText('想学电脑打字 <b>周末</b>有空');
    expect(card.closest('li')!.textContent).toMatch(/待认领.*匿名.*待同步/);
    expect((await wall()).querySelector('b')).toBeNull();
  });

  it('pages the district’s wall with big buttons and shows a whole wish when tapped', async () => {
    const { db } = await renderKiosk();
    for (let i = 0; i < 8; i++) {
      await pull(
        db,
        'wish',
        wish({ text: `心愿第${i + 1}条`, createdAt: new Date(Date.now() - i * 60_000).toISOString() }),
      );
    }
    await pull(db, 'wish', wish({ text: '早已实现', status: 'fulfilled', fulfilledAt: '2020-01-01T00:00:00.000Z' }));
    await pull(db, 'wish', wish({ text: '被撤回的', status: 'withdrawn' }));
    fireEvent.click(await screen.findByRole('button', { name: '微心愿' }));
    await within(await wall()).findByText('心愿第1条');
    expect(screen.getByText('第 1 / 2 页')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /下一页/ }));
    await within(await wall()).findByText('心愿第8条');
    expect(screen.queryByText('心愿第1条')).toBeNull();
    expect(screen.queryByText('早已实现')).toBeNull();
    expect(screen.queryByText('被撤回的')).toBeNull();
    fireEvent.click(screen.getByText('心愿第8条'));
    const whole = await screen.findByRole('region', { name: '生活用品' });
    expect(whole.textContent).toContain('心愿第8条');
    fireEvent.click(screen.getByRole('button', { name: '关闭' }));
    // Back on the page it was opened from.
    await within(await wall()).findByText('心愿第8条');
    expect(screen.getByText('第 2 / 2 页')).toBeTruthy();
  });
});

describe('my wishes', () => {
  it('shows a member who identifies every wish of theirs from any kiosk, and no one else’s', async () => {
    const { db } = await renderKiosk();
    const me = member('13700001234');
    const other = member('13700005678');
    await pull(db, 'member', await directoryEntry(me));
    await pull(db, 'member', await directoryEntry(other));
    await pull(
      db,
      'wish',
      wish({ memberId: me.id, posterName: '王*', text: '想要一个充电宝', stationId: 'elsewhere' }),
    );
    await pull(db, 'wish', wish({ memberId: me.id, posterName: '王*', text: '想咨询工伤', status: 'withdrawn' }));
    await pull(db, 'wish', wish({ memberId: other.id, posterName: '王*', text: '别人的心愿' }));

    fireEvent.click(await screen.findByRole('button', { name: '微心愿' }));
    fireEvent.click(await screen.findByRole('button', { name: '我的心愿' }));
    typeDigits('13700001234');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByText('王**的心愿');
    await within(await wall()).findByText('想要一个充电宝');
    expect(
      within(await wall())
        .getByText('想咨询工伤')
        .closest('li')!.textContent,
    ).toContain('已撤回');
    expect(screen.queryByText('别人的心愿')).toBeNull();

    // Posting as that member carries their id and masked name, never the phone.
    fireEvent.click(screen.getByRole('button', { name: '我要许愿' }));
    typeDigits('13700001234');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByText(/许愿人：王\*\*（会员号/);
    fireEvent.click(screen.getByRole('button', { name: '心理关爱' }));
    fireEvent.input(screen.getByLabelText('你的心愿'), { target: { value: '夜里跑单压力大，想找人聊聊' } });
    fireEvent.click(screen.getByRole('button', { name: '发布心愿' }));
    await screen.findByText('心愿已发布');
    const [queued] = await db.outbox.toArray();
    expect(queued!.record).toMatchObject({ memberId: me.id, posterName: '王**' });
    expect(JSON.stringify(queued!.record)).not.toContain('13700001234');
  });
});

describe('wishes in host mode', () => {
  it('claims with a name and fulfils offline, based on the server’s version; a change that lost is told in plain words', async () => {
    const { db } = await renderKiosk();
    const mine = wish({ text: '冬天骑车手冻裂了，想要一副防风手套', stationId: 's1' });
    const theirs = wish({ text: '别站的心愿', stationId: 's2' });
    await pull(db, 'wish', mine);
    await pull(db, 'wish', theirs);
    fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
    await screen.findByText('请输入店员管理密码');
    typeDigits('2468');
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    const section = (await screen.findByText('冬天骑车手冻裂了，想要一副防风手套')).closest('section')!;
    expect(within(section).queryByText('别站的心愿')).toBeNull();
    fireEvent.click(within(section).getByRole('tab', { name: '全区的心愿' }));
    await within(section).findByText('别站的心愿');
    fireEvent.click(within(section).getByRole('tab', { name: '本站的心愿' }));

    const item = () => within(section).getByText('冬天骑车手冻裂了，想要一副防风手套').closest('li')!;
    fireEvent.click(within(item()).getByRole('button', { name: '认领' }));
    expect(await within(section).findByText('请先写上认领人，再点“认领”')).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);
    fireEvent.input(within(section).getByLabelText('认领人（志愿者、团队或部门）'), { target: { value: '店员小张' } });
    fireEvent.click(within(item()).getByRole('button', { name: '认领' }));
    await within(section).findByText('已认领。联网同步后，各驿站都会看到。');
    let [queued] = await db.outbox.toArray();
    expect(queued).toMatchObject({ baseVersion: 1, record: { status: 'claimed', claimedBy: '店员小张' } });

    // The claim reached the server (version 2); the host then marks it fulfilled offline, from version 2.
    await settlePush(db, [queued!], [{ id: queued!.changeId, status: 'accepted', receipt: 1, version: 2 }], new Date());
    await waitFor(() => expect(item().textContent).toContain('认领：店员小张'));
    fireEvent.click(within(item()).getByRole('button', { name: '标为已实现' }));
    await within(section).findByText('已标为已实现。联网同步后，各驿站都会看到。');
    [queued] = await db.outbox.toArray();
    expect(queued).toMatchObject({ baseVersion: 2, record: { status: 'fulfilled' } });

    // Meanwhile the district withdrew it: the server answers conflict with its own copy.
    const withdrawn = { ...mine, status: 'withdrawn', claimedBy: '店员小张', withdrawnAt: new Date().toISOString() };
    await settlePush(
      db,
      [queued!],
      [{ id: queued!.changeId, status: 'conflict', code: 'conflict', version: 3, current: withdrawn }],
      new Date(),
    );
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain(
      '心愿“冬天骑车手冻裂了，想要一副防风手套”：本机离线时标为“已实现”，但区里已先把它改为“已撤回”。以区里为准，现在显示“已撤回”。',
    );
    await waitFor(() => expect(within(section).queryByText('冬天骑车手冻裂了，想要一副防风手套')).toBeNull());
    fireEvent.click(within(alert).getByRole('button', { name: '知道了' }));
    await waitFor(() => expect(within(section).queryByRole('alert')).toBeNull());
  });
});

describe('a lost wish edit in words', () => {
  it('names what the kiosk did and what the district did, or who claimed first when both claimed', () => {
    const zh = WISHES_STRINGS['zh-CN'];
    const w = wish({ text: '想要一副手套' });
    expect(wishConflictText(zh, { ...w, status: 'fulfilled' }, { ...w, status: 'withdrawn' })).toBe(
      '心愿“想要一副手套”：本机离线时标为“已实现”，但区里已先把它改为“已撤回”。以区里为准，现在显示“已撤回”。',
    );
    expect(
      wishConflictText(
        zh,
        { ...w, status: 'claimed', claimedBy: '店员小张' },
        { ...w, status: 'claimed', claimedBy: '区妇联' },
      ),
    ).toBe('心愿“想要一副手套”：区里已先把它标为“已认领”（认领：区妇联），本机离线时的修改没有生效，以区里为准。');
    expect(wishConflictText(WISHES_STRINGS.en, { ...w, status: 'claimed' }, { id: w.id, deleted: true })).toBe(
      'This wish is not here any more; the district may have withdrawn it',
    );
  });
});
