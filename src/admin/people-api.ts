/** The console's calls for members, party organisations and events (src/protocol/console-people.ts). */
import {
  EventDetailResponseSchema,
  EventListResponseSchema,
  EventResponseSchema,
  MemberDeletedResponseSchema,
  MemberDetailResponseSchema,
  MemberListResponseSchema,
  PartyOrgListResponseSchema,
  PartyOrgResponseSchema,
  type EventCreateRequest,
  type EventEditRequest,
  type EventListQuery,
  type MemberListQuery,
  type PartyOrgCreateRequest,
  type PartyOrgEditRequest,
} from '../protocol/console-people';
import { adminRequest } from './admin-request';

const id = (s: string) => encodeURIComponent(s);

/** A query string from the filters that are set. */
export function query(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(q)) if (val) p.set(k, val);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const peopleApi = {
  members: (q: MemberListQuery) => adminRequest(`/members${query(q)}`, MemberListResponseSchema),
  member: (memberId: string) => adminRequest(`/members/${id(memberId)}`, MemberDetailResponseSchema),
  merge: (survivorId: string, aliasId: string) =>
    adminRequest('/members/merge', MemberDetailResponseSchema, { body: { survivorId, aliasId } }),
  split: (aliasId: string) => adminRequest(`/members/${id(aliasId)}/split`, MemberDetailResponseSchema, { body: {} }),
  deleteMember: (memberId: string) =>
    adminRequest(`/members/${id(memberId)}/delete`, MemberDeletedResponseSchema, { body: {} }),

  partyOrgs: () => adminRequest('/party-orgs', PartyOrgListResponseSchema),
  createPartyOrg: (body: PartyOrgCreateRequest) => adminRequest('/party-orgs', PartyOrgResponseSchema, { body }),
  editPartyOrg: (orgId: string, body: PartyOrgEditRequest) =>
    adminRequest(`/party-orgs/${id(orgId)}`, PartyOrgResponseSchema, { body }),

  events: (q: EventListQuery) => adminRequest(`/events${query(q)}`, EventListResponseSchema),
  event: (eventId: string) => adminRequest(`/events/${id(eventId)}`, EventDetailResponseSchema),
  createEvent: (body: EventCreateRequest) => adminRequest('/events', EventResponseSchema, { body }),
  editEvent: (eventId: string, body: EventEditRequest) =>
    adminRequest(`/events/${id(eventId)}`, EventResponseSchema, { body }),
  cancelEvent: (eventId: string, version: number) =>
    adminRequest(`/events/${id(eventId)}/cancel`, EventResponseSchema, { body: { version } }),
};
