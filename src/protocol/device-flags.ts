/** Why the console draws attention to a device; the server computes them, the console words them. */
export type DeviceFlag =
  | 'not-synced-for-a-day'
  | 'clock-off'
  | 'storage-not-persistent'
  | 'storage-lost'
  | 'resyncing'
  | 'reenrolling'
  | 'refused-records';
