/** The console's calls to /api/v1/admin for sign-in, stations, devices and visits; the session rides in an HttpOnly cookie. */
import { PinResetCodeResponseSchema } from '../protocol/pin-reset';
import * as v from 'valibot';
import type { OpeningHours } from '../protocol/opening-hours';
import type { DeviceFlag } from '../protocol/device-flags';
import { StationRecordSchema, type StationHostType } from '../protocol/schemas';
import { SERVICE_IDS, type ServiceId } from '../protocol/services';
import { AuditListResponseSchema } from '../protocol/audit';
import { MeResponseSchema } from '../protocol/roles';
import { adminRequest } from './admin-request';

export { AdminApiError, OfflineError } from './admin-request';

const DEVICE_FLAGS = [
  'not-synced-for-a-day',
  'clock-off',
  'storage-not-persistent',
  'storage-lost',
  'resyncing',
  'reenrolling',
  'refused-records',
] as const satisfies readonly DeviceFlag[];

const isDeviceFlag = (f: string): f is DeviceFlag => (DEVICE_FLAGS as readonly string[]).includes(f);

const n = v.nullable(v.number());
const s = v.nullable(v.string());

const DeviceRowSchema = v.object({
  id: v.string(),
  name: v.string(),
  stationId: v.string(),
  stationName: v.string(),
  createdAt: v.string(),
  lastSeenAt: s,
  revokedAt: s,
  clockOffsetMs: n,
  confirmed: v.number(),
  localReceipts: n,
  appVersion: s,
  queueDepth: n,
  oldestPendingAt: s,
  storagePersisted: v.nullable(v.boolean()),
  storageUsed: n,
  storageQuota: n,
  // A flag a newer server adds is left out rather than failing the whole page.
  flags: v.pipe(
    v.array(v.string()),
    v.transform((flags) => flags.filter(isDeviceFlag)),
  ),
  quarantined: n,
  // Absent from a server older than the fleet page.
  oldestRefusedAt: v.optional(s, null),
  heartbeatAt: v.optional(s, null),
  discarded: v.number(),
});
export type DeviceRow = v.InferOutput<typeof DeviceRowSchema>;

const VisitRowSchema = v.object({
  id: v.string(),
  stationId: v.string(),
  stationName: v.string(),
  deviceId: v.string(),
  deviceName: v.optional(v.string(), ''),
  createdAt: v.string(),
  receivedAt: v.string(),
  services: v.array(v.picklist(SERVICE_IDS)),
  phone: v.string(),
});
export type VisitRow = v.InferOutput<typeof VisitRowSchema>;

/** A station as the console lists and edits it: its record, its version on the rails (0: never edited), when it was made. */
const StationRowSchema = v.object({
  ...StationRecordSchema.entries,
  // Absent from a server older than station editing: a station never edited.
  version: v.optional(v.number(), 0),
  createdAt: v.optional(v.string()),
});
export type StationRow = v.InferOutput<typeof StationRowSchema>;

/** What the station form sends: the whole editable station and the version it was loaded at. */
export interface StationEdit {
  baseVersion: number;
  name: string;
  kind: 'hub' | 'branch';
  hostType?: StationHostType;
  services: ServiceId[];
  address?: string;
  hours?: string;
  /** Position and machine-readable hours (the directory and coverage); absent: none. */
  lat?: number;
  lng?: number;
  openingHours?: OpeningHours;
  wifiName?: string;
  wifiPassword?: string;
  tip?: string;
  archived?: boolean;
}

const VisitsSchema = v.object({
  visits: v.array(VisitRowSchema),
  total: v.number(),
  byService: v.record(v.string(), v.number()),
});

const UserSchema = v.object({ username: v.string() });
const OkSchema = v.object({ ok: v.literal(true) });
const CodeSchema = v.object({ code: v.string(), expiresAt: v.string() });
const ImportSchema = v.object({
  total: v.number(),
  accepted: v.number(),
  duplicates: v.number(),
  rejected: v.array(v.object({ id: v.string(), reason: v.string() })),
});

export const adminApi = {
  me: () => adminRequest('/me', MeResponseSchema),
  audit: (params: URLSearchParams) => adminRequest(`/audit?${params}`, AuditListResponseSchema),
  login: (username: string, password: string) => adminRequest('/login', UserSchema, { body: { username, password } }),
  logout: () => adminRequest('/logout', OkSchema, { body: {} }),
  stations: () => adminRequest('/stations', v.object({ stations: v.array(StationRowSchema) })),
  createStation: (name: string, kind: 'hub' | 'branch') =>
    adminRequest('/stations', StationRecordSchema, { body: { name, kind } }),
  updateStation: (id: string, edit: StationEdit) =>
    adminRequest(`/stations/${encodeURIComponent(id)}`, StationRowSchema, { method: 'PUT', body: edit }),
  renameDevice: (id: string, name: string) =>
    adminRequest(`/devices/${encodeURIComponent(id)}/name`, v.object({ name: v.string() }), {
      method: 'PUT',
      body: { name },
    }),
  exportInfo: () => adminRequest('/api/v1/export', v.object({ timeZone: v.string() })),
  enrollCode: (stationId: string) =>
    adminRequest(`/stations/${encodeURIComponent(stationId)}/enroll-codes`, CodeSchema, { body: {} }),
  devices: () => adminRequest('/devices', v.object({ devices: v.array(DeviceRowSchema) })),
  pinResetCode: (id: string) =>
    adminRequest(`/devices/${encodeURIComponent(id)}/pin-reset-code`, PinResetCodeResponseSchema, { body: {} }),
  reenrollCode: (id: string) =>
    adminRequest(`/devices/${encodeURIComponent(id)}/reenroll-code`, CodeSchema, { body: {} }),
  revokeDevice: (id: string) => adminRequest(`/devices/${encodeURIComponent(id)}/revoke`, OkSchema, { body: {} }),
  importTransfer: (text: string, confirmRevoked = false) =>
    adminRequest(confirmRevoked ? '/import?confirm=revoked' : '/import', ImportSchema, { body: text, raw: true }),
  visits: (params: URLSearchParams) => adminRequest(`/visits?${params}`, VisitsSchema),
};
