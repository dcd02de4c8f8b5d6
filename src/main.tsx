/** Kiosk entry: composes the real database, settings, server client, sync and service worker, then renders. */
import { render } from 'preact';
import { KioskDb } from './db/kiosk-db';
import { DEFAULT_TIMEOUTS } from './kiosk/kiosk-deps';
import { KioskApp } from './kiosk/KioskApp';
import { registerServiceWorker } from './pwa/sw-bridge';
import { createDeviceSettings } from './settings/device-settings';
import { createApiClient } from './sync/api-client';
import { createKioskSync } from './sync/kiosk-sync';
import './ui/kiosk.css';

const db = new KioskDb();
const settings = createDeviceSettings();
const client = createApiClient();
const sync = createKioskSync(db, settings, client, __APP_VERSION__);
const updates = registerServiceWorker();

render(
  <KioskApp db={db} settings={settings} client={client} sync={sync} updates={updates} timeouts={DEFAULT_TIMEOUTS} />,
  document.getElementById('app')!,
);
