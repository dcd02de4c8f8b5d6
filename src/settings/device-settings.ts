/** Device settings in idb-keyval: enrollment (token), host PIN hash, sync status, display preferences. Small values read and written whole. */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { PinHash } from '../domain/pin';
import { NO_ATTEMPTS, type PinAttempts } from '../domain/pin-backoff';

/** What enrollment gave this kiosk. */
export interface Enrollment {
  deviceId: string;
  stationId: string;
  token: string;
  /** Signs transfer files; kept across re-enrollment by the server. Absent when enrolled by an older server. */
  deviceKey?: string;
  enrolledAt: string;
}

/** The sync runner's last outcome, shown to the host. */
export interface SyncStatus {
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

/** How this kiosk shows itself, set by the host (the viewport blocks zoom, so these are the way to bigger, plainer screens). */
export interface DisplayPrefs {
  largeText: boolean;
  highContrast: boolean;
  /** Say 签到成功 aloud after a tap-in, where the device has a Chinese voice. */
  speak: boolean;
}

export const DEFAULT_DISPLAY: DisplayPrefs = { largeText: false, highContrast: false, speak: false };

/** Settings of one kiosk; `createDeviceSettings()` binds them to an IndexedDB store. */
export interface DeviceSettings {
  getEnrollment(): Promise<Enrollment | undefined>;
  setEnrollment(e: Enrollment): Promise<void>;
  clearEnrollment(): Promise<void>;
  getPinHash(): Promise<PinHash | undefined>;
  setPinHash(h: PinHash): Promise<void>;
  /** Wrong host-PIN tries and the lock they earned (kept across reloads). */
  getPinAttempts(): Promise<PinAttempts>;
  setPinAttempts(a: PinAttempts): Promise<void>;
  /** The highest host-PIN reset code number this kiosk accepted (src/protocol/pin-reset.ts); 0 when none. */
  getPinResetsUsed(): Promise<number>;
  setPinResetsUsed(n: number): Promise<void>;
  getSyncStatus(): Promise<SyncStatus>;
  setSyncStatus(s: SyncStatus): Promise<void>;
  getDisplayPrefs(): Promise<DisplayPrefs>;
  setDisplayPrefs(p: DisplayPrefs): Promise<void>;
}

const EMPTY_STATUS: SyncStatus = { lastAttemptAt: null, lastSuccessAt: null, lastError: null };

/** Device settings kept in their own IndexedDB database, apart from the visit data. */
export function createDeviceSettings(dbName = 'waystation-settings'): DeviceSettings {
  const store: UseStore = createStore(dbName, 'kv');
  return {
    getEnrollment: () => get<Enrollment>('enrollment', store),
    setEnrollment: (e) => set('enrollment', e, store),
    clearEnrollment: () => del('enrollment', store),
    getPinHash: () => get<PinHash>('pinHash', store),
    setPinHash: (h) => set('pinHash', h, store),
    getPinAttempts: async () => (await get<PinAttempts>('pinAttempts', store)) ?? NO_ATTEMPTS,
    setPinAttempts: (a) => set('pinAttempts', a, store),
    getPinResetsUsed: async () => (await get<number>('pinResetsUsed', store)) ?? 0,
    setPinResetsUsed: (n) => set('pinResetsUsed', n, store),
    getSyncStatus: async () => (await get<SyncStatus>('syncStatus', store)) ?? EMPTY_STATUS,
    setSyncStatus: (s) => set('syncStatus', s, store),
    getDisplayPrefs: async () => ({ ...DEFAULT_DISPLAY, ...(await get<Partial<DisplayPrefs>>('display', store)) }),
    setDisplayPrefs: (p) => set('display', p, store),
  };
}
