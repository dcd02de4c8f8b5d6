/**
 * The people half of the demo network: the district's party organisations, a few
 * members (one a mobile party member), two upcoming events with sign-ups and one
 * past event with attendance — all through the rails as console changes, so
 * kiosks pull them like any other.
 */
import type { Kysely } from 'kysely';
import type { Change } from '../src/protocol/schemas';
import {
  CONSENT_VERSION,
  newCardKey,
  newMemberNo,
  type EventRecord,
  type MemberRecord,
  type PartyOrgRecord,
} from '../src/protocol/people';
import { uuid7 } from '../src/protocol/uuid7';
import type { Db } from './store/schema';
import { applyConsoleChange } from './sync/console-change';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function put(db: Kysely<Db>, kind: string, record: Change['record'], stationId: string): Promise<void> {
  const result = await applyConsoleChange(db, { kind, op: 'put', baseVersion: 0, record }, { stationId });
  if (result.status !== 'accepted') throw new Error(`Demo ${kind} refused: ${result.reason ?? result.status}`);
}

/** Seeds the people data at a hub and a branch station. */
export async function seedDemoPeople(db: Kysely<Db>, hubId: string, branchId: string, now = new Date()): Promise<void> {
  const orgs: PartyOrgRecord[] = [
    { id: uuid7(), name: '快递物流行业党委', type: 'industry_committee' },
    { id: uuid7(), name: '网约配送员联合党支部', type: 'joint_branch' },
    { id: uuid7(), name: '货运司机联合党支部', type: 'joint_branch' },
  ];
  for (const org of orgs) await put(db, 'party_org', org, hubId);

  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const member = (over: Partial<MemberRecord> & Pick<MemberRecord, 'name' | 'phone' | 'occupation'>, ago: number) => {
    const createdAt = at(-ago);
    return {
      id: uuid7(now.getTime() - ago),
      createdAt,
      memberNo: newMemberNo(),
      partyMember: false,
      consentVersion: CONSENT_VERSION,
      consentAt: createdAt,
      cardKey: newCardKey(),
      ...over,
    } satisfies MemberRecord;
  };
  const members = [
    member({ name: '王建国', phone: '13800138001', occupation: 'food_delivery', platform: '美团' }, 20 * DAY),
    member({ name: '李娜', phone: '13900139002', occupation: 'courier', platform: '顺丰' }, 15 * DAY),
    member(
      {
        name: '张伟',
        phone: '13700137003',
        occupation: 'food_delivery',
        platform: '饿了么',
        partyMember: true,
        mobileParty: true,
        homeOrg: '安徽省六安市某村党支部',
        branchId: orgs[1]!.id,
      },
      10 * DAY,
    ),
    member(
      { name: '陈刚', phone: '13600136004', occupation: 'truck', partyMember: true, branchId: orgs[0]!.id },
      5 * DAY,
    ),
  ];
  for (const [i, m] of members.entries()) await put(db, 'member', m, i % 2 === 0 ? branchId : hubId);

  const event = (over: Omit<EventRecord, 'id'>): EventRecord => ({ id: uuid7(), ...over });
  const training = event({
    kind: 'training',
    title: '安全骑士 · 电动车骑行安全培训',
    description: '交通安全、电池防火与应急处置，结业发放安全骑士证书。',
    stationId: hubId,
    startsAt: at(3 * DAY),
    endsAt: at(3 * DAY + 2 * HOUR),
    capacity: 30,
  });
  const volunteer = event({
    kind: 'volunteer',
    title: '铜心为民 · 社区志愿服务',
    description: '“铜河小哥”志愿服务队走访独居老人，协助社区环境整治。',
    stationId: branchId,
    startsAt: at(6 * DAY),
    endsAt: at(6 * DAY + 3 * HOUR),
    capacity: 2,
  });
  const past = event({
    kind: 'party',
    title: '流动党员主题党日',
    stationId: branchId,
    startsAt: at(-7 * DAY),
    endsAt: at(-7 * DAY + 2 * HOUR),
    capacity: 20,
  });
  for (const e of [training, volunteer, past]) await put(db, 'event', e, e.stationId);

  // Sign-ups from kiosks arrive later; these show the console's lists populated (the third is waitlisted).
  const signup = (eventId: string, memberId: string, ago: number) => ({
    id: uuid7(now.getTime() - ago),
    createdAt: at(-ago),
    eventId,
    memberId,
    status: 'requested' as const,
  });
  await put(db, 'signup', signup(training.id, members[0]!.id, 2 * DAY), hubId);
  for (const [i, m] of [members[2]!, members[3]!, members[1]!].entries()) {
    await put(db, 'signup', signup(volunteer.id, m.id, DAY - i * HOUR), branchId);
  }
  const came = (memberId: string | null, count?: number) => ({
    id: uuid7(now.getTime() - 7 * DAY + HOUR),
    createdAt: at(-7 * DAY + HOUR),
    eventId: past.id,
    memberId,
    ...(count === undefined ? {} : { count }),
  });
  await put(db, 'attendance', came(members[2]!.id), branchId);
  await put(db, 'attendance', came(members[3]!.id), branchId);
  await put(db, 'attendance', came(null, 5), branchId);
}
