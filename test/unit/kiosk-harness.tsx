/** Renders the kiosk over fake-indexeddb with an enrolled device and a sync service that records its triggers. */
import { render } from '@testing-library/preact';
import { KioskDb } from '../../src/db/kiosk-db';
import { hashPin } from '../../src/domain/pin';
import { DEFAULT_TIMEOUTS, type KioskTimeouts } from '../../src/kiosk/kiosk-deps';
import { KioskApp } from '../../src/kiosk/KioskApp';
import { noUpdates, type UpdateBridge } from '../../src/pwa/sw-bridge';
import { createDeviceSettings, type SyncStatus } from '../../src/settings/device-settings';
import { createApiClient, type ApiClient } from '../../src/sync/api-client';
import type { KioskSync } from '../../src/sync/kiosk-sync';
import type { SyncReason } from '../../src/sync/sync-scheduler';

export async function renderKiosk(
  opts: {
    timeouts?: Partial<KioskTimeouts>;
    enrolled?: boolean;
    updates?: UpdateBridge;
    client?: ApiClient;
    sync?: Partial<KioskSync>;
    /** The sync service's last outcome, as stored before the kiosk starts. */
    status?: SyncStatus;
  } = {},
) {
  const name = `t-${Math.random()}`;
  const db = new KioskDb(name);
  const settings = createDeviceSettings(`${name}-settings`);
  if (opts.enrolled !== false) {
    await settings.setEnrollment({
      deviceId: 'd1',
      stationId: 's1',
      token: 'wsd_x',
      enrolledAt: new Date().toISOString(),
    });
    await settings.setPinHash(await hashPin('2468'));
    await db.meta.put({
      key: 'station',
      value: {
        id: 's1',
        name: '铜心驿站 · 康民药店分站',
        kind: 'branch',
        services: ['rest', 'charging', 'water', 'internet', 'shelter'],
      },
    });
  }
  if (opts.status) await settings.setSyncStatus(opts.status);
  const triggers: SyncReason[] = [];
  const sync: KioskSync = {
    trigger: (r) => triggers.push(r),
    subscribe: () => () => {},
    stop: () => {},
    ...opts.sync,
  };
  const client = opts.client ?? createApiClient('http://127.0.0.1:9');
  const view = render(
    <KioskApp
      db={db}
      settings={settings}
      client={client}
      sync={sync}
      updates={opts.updates ?? noUpdates}
      timeouts={{ ...DEFAULT_TIMEOUTS, ...opts.timeouts }}
    />,
  );
  return { db, settings, triggers, view };
}
