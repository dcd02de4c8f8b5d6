/**
 * Admin roles and what each may do; the server enforces them (server/auth/access-rules.ts)
 * and the console hides what a role cannot do, both from this one table.
 */
import * as v from 'valibot';

/** district: everything; manager: their own stations' data and devices; viewer: read-only, masked. */
export const ADMIN_ROLES = ['district', 'manager', 'viewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * What a route needs. `read`: look (every role); `write`: change station data and devices
 * (district, manager); `district`: the district's own business (stations, admins, tokens, the
 * audit log); `phones`: personal data in clear (district, manager).
 */
export const ACCESS_NEEDS = ['read', 'write', 'district', 'phones'] as const;
export type AccessNeed = (typeof ACCESS_NEEDS)[number];

const MAY: Record<AdminRole, readonly AccessNeed[]> = {
  district: ['read', 'write', 'district', 'phones'],
  manager: ['read', 'write', 'phones'],
  viewer: ['read'],
};

/** Whether a role has a right. */
export function roleMay(role: AdminRole, need: AccessNeed): boolean {
  return MAY[role].includes(need);
}

/** `GET /admin/me`: who is signed in, their role, and (a manager) the stations they manage. */
export const MeResponseSchema = v.object({
  username: v.string(),
  // Absent from a server older than roles: everyone was a district admin then.
  role: v.optional(v.picklist(ADMIN_ROLES), 'district'),
  /** The stations a manager manages; null for roles that see every station. */
  stations: v.optional(v.nullable(v.array(v.string())), null),
});
export type MeResponse = v.InferOutput<typeof MeResponseSchema>;

/** `PUT /admin/admins/:username/role`: a new role, and a manager's stations. */
export const RoleChangeRequestSchema = v.object({
  role: v.picklist(ADMIN_ROLES, 'must be district, manager or viewer'),
  stations: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))), v.maxLength(500))),
});
export type RoleChangeRequest = v.InferOutput<typeof RoleChangeRequestSchema>;

/** One admin as the district sees them (never a password or a session). */
export const AdminSummarySchema = v.object({
  username: v.string(),
  role: v.picklist(ADMIN_ROLES),
  stations: v.nullable(v.array(v.string())),
  createdAt: v.string(),
});
export type AdminSummary = v.InferOutput<typeof AdminSummarySchema>;

/** Stable codes of a refusal for lack of rights; the console words each in its language. */
export const ACCESS_CODES = ['forbidden_role', 'forbidden_station', 'unknown_station', 'route_undeclared'] as const;
export type AccessCode = (typeof ACCESS_CODES)[number];
