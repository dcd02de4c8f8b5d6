/** A fake /api/v1/admin for console component tests: routes answer canned JSON, every call is recorded. */
import { vi } from 'vitest';
import { setConsoleAccess } from '../../src/admin/console-access';
import type { AdminRole } from '../../src/protocol/roles';
import type { EventSummary, MemberSummary } from '../../src/protocol/console-people';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Answer = { status?: number; body: unknown; delayMs?: number } | 'offline';
type Handler = (call: Call) => Answer;

/**
 * Installs a fake fetch; `route('GET /members', …)` answers that route, anything else is 404.
 * Pages rendered alone see a signed-in admin of `role` (a district admin unless told).
 */
export function fakeAdminApi(role: AdminRole = 'district', stations: string[] | null = null) {
  setConsoleAccess({ username: 'admin', role, stations });
  const routes = new Map<string, Handler>();
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://console.test');
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname.replace('/api/v1/admin', ''),
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const handler = routes.get(`${call.method} ${call.path}`);
    const answer: Answer = handler ? handler(call) : { status: 404, body: { error: 'Not found', code: 'not_found' } };
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return {
    calls,
    route(key: string, handler: Handler | Answer) {
      routes.set(key, typeof handler === 'function' ? handler : () => handler);
    },
    writes: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
  };
}

export const STATION = { id: 'st-hub', name: '铜心驿站 · 总站', kind: 'hub', services: ['rest', 'water'] };

export function member(over: Partial<MemberSummary> = {}): MemberSummary {
  return {
    id: '0193a000-0000-7000-8000-000000000001',
    memberNo: '7K3M2-9QPAX',
    name: '李小龙',
    phoneMasked: '138****5678',
    phoneLast4: '5678',
    occupation: 'food_delivery',
    platform: '美团',
    partyMember: true,
    mobileParty: true,
    homeOrg: '河南省某县党支部',
    branchId: null,
    branchName: null,
    stationId: STATION.id,
    stationName: STATION.name,
    createdAt: '2026-11-20T02:00:00.000Z',
    mergedInto: null,
    version: 1,
    ...over,
  };
}

export function event(over: Partial<EventSummary> = {}): EventSummary {
  return {
    id: '0193a000-0000-7000-8000-0000000000e1',
    kind: 'training',
    title: '安全骑士',
    description: null,
    stationId: STATION.id,
    stationName: STATION.name,
    startsAt: '2026-12-03T06:00:00.000Z',
    endsAt: '2026-12-03T08:00:00.000Z',
    capacity: 30,
    cancelled: false,
    version: 1,
    confirmed: 0,
    waitlisted: 0,
    attended: 0,
    ...over,
  };
}

export function memberDetail(m: MemberSummary, aliases: MemberSummary[] = []) {
  return {
    member: m,
    consentVersion: '2026-11',
    consentAt: m.createdAt,
    resolvedFrom: null,
    aliases,
    visits: [],
    signups: [],
    attendance: [],
  };
}
