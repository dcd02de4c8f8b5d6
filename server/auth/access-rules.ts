/**
 * What every console and export route needs, in one table: the role's right, how a station
 * manager's stations limit it, whether API tokens may call it, and what the audit log records
 * when it succeeds. The guard (access-guard.ts) refuses any /api/v1/admin or /api/v1/export
 * route that has no line here, so a route added later cannot slip through unchecked.
 *
 * A new route adds one line, keyed by its method and full path as Hono registers it:
 *   'GET /api/v1/admin/wishes': { need: 'read', stations: 'query' },
 *   'POST /api/v1/admin/wishes/:id': { need: 'write', stations: 'handler', audit: 'wish_changed' },
 */
import type { AccessNeed } from '../../src/protocol/roles';
import type { AuditAction } from '../store/audit-log';

/**
 * How a manager's stations limit a route (district admins and viewers see every station):
 * - `district-wide`: the data belongs to no one station (party organisations); managers see it all.
 * - `param`: the path's `:id` is a station id; another station's answers 403 `forbidden_station`.
 * - `device`: the path's `:id` is a device id; the device's station must be theirs.
 * - `query`: `?station=` must be theirs when given; when absent the handler limits what it
 *   reads to `stationScope(c)`.
 * - `handler`: the handler finds the record's station and calls `requireStation(c, id)`
 *   (or filters a list by `stationScope(c)`).
 */
export type StationScope = 'district-wide' | 'param' | 'device' | 'query' | 'handler';

export type AccessRule =
  /** Sign-in: no session needed. */
  | { need: 'anyone'; audit?: AuditAction }
  /** Who am I, sign out: answers without a session too. */
  | { need: 'signed-in'; audit?: AuditAction }
  /** The district's own business: district admins only, so no station scope. */
  | { need: 'district'; audit?: AuditAction }
  | { need: Exclude<AccessNeed, 'district'>; stations: StationScope; token?: true; audit?: AuditAction };

export const ACCESS_RULES: Record<string, AccessRule> = {
  // ---------- sign-in ----------
  'POST /api/v1/admin/login': { need: 'anyone' },
  'POST /api/v1/admin/logout': { need: 'signed-in' },
  'GET /api/v1/admin/me': { need: 'signed-in' },

  // ---------- stations and devices ----------
  'GET /api/v1/admin/stations': { need: 'read', stations: 'handler' },
  'POST /api/v1/admin/stations': { need: 'district', audit: 'station_created' },
  'GET /api/v1/admin/stations/:id': { need: 'read', stations: 'param' },
  'PUT /api/v1/admin/stations/:id': { need: 'write', stations: 'param', audit: 'station_edited' },
  'POST /api/v1/admin/stations/:id/enroll-codes': { need: 'write', stations: 'param', audit: 'enroll_code_created' },
  'GET /api/v1/admin/devices': { need: 'read', stations: 'handler' },
  'PUT /api/v1/admin/devices/:id/name': { need: 'write', stations: 'device', audit: 'device_renamed' },
  'POST /api/v1/admin/devices/:id/reenroll-code': { need: 'write', stations: 'device', audit: 'reenroll_code_created' },
  'POST /api/v1/admin/devices/:id/pin-reset-code': {
    need: 'write',
    stations: 'device',
    audit: 'pin_reset_code_created',
  },
  'POST /api/v1/admin/devices/:id/revoke': { need: 'write', stations: 'device', audit: 'device_revoked' },
  'POST /api/v1/admin/import': { need: 'write', stations: 'handler', audit: 'transfer_imported' },
  'GET /api/v1/admin/visits': { need: 'read', stations: 'query' },

  // ---------- people ----------
  'GET /api/v1/admin/members': { need: 'read', stations: 'query' },
  'GET /api/v1/admin/members/:id': { need: 'read', stations: 'handler', audit: 'member_viewed' },
  'POST /api/v1/admin/members/merge': { need: 'write', stations: 'handler', audit: 'member_merged' },
  'POST /api/v1/admin/members/:id/split': { need: 'write', stations: 'handler', audit: 'member_split' },
  // ---------- the dashboard (a manager's: one of their stations) ----------
  'GET /api/v1/admin/overview': { need: 'read', stations: 'query' },

  // ---------- wishes (the district's wall: no one station owns it) ----------
  'GET /api/v1/admin/wishes': { need: 'read', stations: 'district-wide' },
  'POST /api/v1/admin/wishes/:id/claim': { need: 'write', stations: 'district-wide', audit: 'wish_changed' },
  'POST /api/v1/admin/wishes/:id/fulfil': { need: 'write', stations: 'district-wide', audit: 'wish_changed' },
  'POST /api/v1/admin/wishes/:id/withdraw': { need: 'write', stations: 'district-wide', audit: 'wish_changed' },
  // ---------- suggestions (each belongs to the station it was left at) ----------
  'GET /api/v1/admin/suggestions': { need: 'read', stations: 'query' },
  'GET /api/v1/admin/suggestions/assignees': { need: 'read', stations: 'district-wide' },
  'GET /api/v1/admin/suggestions/:id': { need: 'read', stations: 'handler' },
  'POST /api/v1/admin/suggestions/:id': { need: 'write', stations: 'handler', audit: 'suggestion_answered' },
  'GET /api/v1/admin/suggestions/:id/photo': { need: 'read', stations: 'handler' },
  // Data-subject deletion: district admins only; the route writes its own audit line naming the ids.
  'POST /api/v1/admin/members/:id/delete': { need: 'district' },
  'GET /api/v1/admin/party-orgs': { need: 'read', stations: 'district-wide' },
  'POST /api/v1/admin/party-orgs': { need: 'district', audit: 'party_org_created' },
  'POST /api/v1/admin/party-orgs/:id': { need: 'district', audit: 'party_org_edited' },
  'GET /api/v1/admin/events': { need: 'read', stations: 'query' },
  'POST /api/v1/admin/events': { need: 'write', stations: 'handler', audit: 'event_created' },
  'GET /api/v1/admin/events/:id': { need: 'read', stations: 'handler' },
  'POST /api/v1/admin/events/:id': { need: 'write', stations: 'handler', audit: 'event_edited' },
  'POST /api/v1/admin/events/:id/cancel': { need: 'write', stations: 'handler', audit: 'event_cancelled' },

  // ---------- admins, API tokens and the audit log ----------
  'GET /api/v1/admin/admins': { need: 'district' },
  'PUT /api/v1/admin/admins/:username/role': { need: 'district', audit: 'role_changed' },
  'GET /api/v1/admin/api-tokens': { need: 'district' },
  'POST /api/v1/admin/api-tokens': { need: 'district', audit: 'api_token_created' },
  'POST /api/v1/admin/api-tokens/:id/revoke': { need: 'district', audit: 'api_token_revoked' },
  'GET /api/v1/admin/audit': { need: 'district' },
  'GET /api/v1/admin/audit/export': { need: 'district', audit: 'audit_exported' },

  // ---------- exports (console sessions and API tokens) ----------
  'GET /api/v1/export': { need: 'read', stations: 'district-wide', token: true },
  'GET /api/v1/export/visits': { need: 'read', stations: 'query', token: true, audit: 'export' },
  'GET /api/v1/export/members': { need: 'read', stations: 'query', token: true, audit: 'export' },
  'GET /api/v1/export/events': { need: 'read', stations: 'query', token: true, audit: 'export' },
  'GET /api/v1/export/signups': { need: 'read', stations: 'query', token: true, audit: 'export' },
  'GET /api/v1/export/attendance': { need: 'read', stations: 'query', token: true, audit: 'export' },
  'GET /api/v1/export/:name': { need: 'read', stations: 'query', token: true, audit: 'export' },
};

/** The paths the guard watches: every route under them must have a rule. */
export const GUARDED_PREFIXES = ['/api/v1/admin/', '/api/v1/export'] as const;
