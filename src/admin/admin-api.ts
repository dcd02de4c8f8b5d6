/** The console's calls to /api/v1/admin; the session rides in an HttpOnly cookie. */
import type { DeviceFlag } from '../protocol/device-flags';
import type { ServiceId } from '../protocol/services';
import type { StationRecord } from '../protocol/schemas';

export interface DeviceRow {
  id: string;
  name: string;
  stationId: string;
  stationName: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  clockOffsetMs: number | null;
  confirmed: number;
  localReceipts: number | null;
  appVersion: string | null;
  queueDepth: number | null;
  oldestPendingAt: string | null;
  storagePersisted: boolean | null;
  storageUsed: number | null;
  storageQuota: number | null;
  flags: DeviceFlag[];
  quarantined: number | null;
  discarded: number;
}

export interface VisitRow {
  id: string;
  stationName: string;
  createdAt: string;
  receivedAt: string;
  services: ServiceId[];
  phone: string;
}

/** A failed call, with the server's message. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's stable error code, when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, body?: unknown, raw = false): Promise<T> {
  const res = await fetch(`/api/v1/admin${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : raw ? (body as string) : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
  if (!res.ok) throw new AdminApiError(res.status, json.error ?? `HTTP ${res.status}`, json.code);
  return json as T;
}

export const adminApi = {
  me: () => call<{ username: string }>('/me'),
  login: (username: string, password: string) => call<{ username: string }>('/login', { username, password }),
  logout: () => call<{ ok: true }>('/logout', {}),
  stations: () => call<{ stations: StationRecord[] }>('/stations'),
  createStation: (name: string, kind: 'hub' | 'branch') => call<StationRecord>('/stations', { name, kind }),
  enrollCode: (stationId: string) =>
    call<{ code: string; expiresAt: string }>(`/stations/${encodeURIComponent(stationId)}/enroll-codes`, {}),
  devices: () => call<{ devices: DeviceRow[] }>('/devices'),
  reenrollCode: (id: string) =>
    call<{ code: string; expiresAt: string }>(`/devices/${encodeURIComponent(id)}/reenroll-code`, {}),
  revokeDevice: (id: string) => call<{ ok: true }>(`/devices/${encodeURIComponent(id)}/revoke`, {}),
  importTransfer: (text: string, confirmRevoked = false) =>
    call<{ total: number; accepted: number; duplicates: number; rejected: { id: string; reason: string }[] }>(
      confirmRevoked ? '/import?confirm=revoked' : '/import',
      text,
      true,
    ),
  visits: (params: URLSearchParams) => call<{ visits: VisitRow[] }>(`/visits?${params}`),
};
