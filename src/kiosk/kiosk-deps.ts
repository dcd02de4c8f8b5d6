import type { KioskDb } from '../db/kiosk-db';
import type { UpdateBridge } from '../pwa/sw-bridge';
import type { DeviceSettings } from '../settings/device-settings';
import type { ApiClient } from '../sync/api-client';
import type { KioskSync } from '../sync/kiosk-sync';

/** Timeouts a kiosk runs on; tests shorten them. */
export interface KioskTimeouts {
  /** Half-entered input is discarded after this long untouched. */
  idleMs: number;
  /** How long before an idle reset the kiosk asks "还在吗？" with a countdown. */
  idleWarnMs: number;
  /** The thank-you screen returns home after this long. */
  doneMs: number;
  /** Host mode locks itself after this long untouched. */
  hostIdleMs: number;
  /** A waiting update applies after the home screen sat untouched this long. */
  updateIdleMs: number;
}

export const DEFAULT_TIMEOUTS: KioskTimeouts = {
  idleMs: 60_000,
  idleWarnMs: 15_000,
  doneMs: 5_000,
  hostIdleMs: 300_000,
  updateIdleMs: 30_000,
};

/** Everything the kiosk UI needs from the outside, passed in so tests can supply their own. */
export interface KioskDeps {
  db: KioskDb;
  settings: DeviceSettings;
  client: ApiClient;
  sync: KioskSync;
  updates: UpdateBridge;
  timeouts: KioskTimeouts;
}
