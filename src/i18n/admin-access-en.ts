/** The console's words for roles, the audit log and the device fleet in English (zh-CN in admin-access-zh-CN.ts). */
import type { AccessStrings, accessErrorsZh } from './admin-access-zh-CN';

export const accessEn: AccessStrings = {
  roles: { district: 'District admin', manager: 'Station manager', viewer: 'Viewer (read-only)' },
  roleOf: (role: string, stations: number) =>
    stations > 0 ? `${role} · ${stations} station${stations === 1 ? '' : 's'}` : role,
  readOnlyNote: 'You have a read-only account: you can look and download (phones masked), not change anything.',
  managerNote: (n: number) =>
    `You are a station manager: you see and manage your ${n} station${n === 1 ? '' : 's'} only.`,

  audit: 'Audit log',
  auditHint: (days: number) =>
    `Every sign-in, change, export and look at personal data: who, what, when, from which address. Kept ${days} days.`,
  who: 'Who',
  whoHint: 'Username, e.g. admin',
  action: 'Action',
  allActions: 'All actions',
  from: 'From',
  to: 'To',
  search: 'Search',
  reset: 'Clear filters',
  at: 'Time',
  address: 'Address',
  detail: 'Detail',
  noEntries: 'Nothing matches these filters',
  pageOf: (from: number, to: number, total: number) =>
    total === 0 ? 'None' : `${from}–${to} of ${total.toLocaleString('en')}`,
  download: 'Download CSV (Excel/WPS)',
  downloadNdjson: 'NDJSON',
  rangeBackwards: 'The end date must be after the start date',
  actorCli: 'command line',
  actions: {
    sign_in: 'Signed in',
    sign_in_failed: 'Failed sign-in',
    sign_out: 'Signed out',
    api_token_created: 'API token created',
    api_token_revoked: 'API token revoked',
    export_clear_phones: 'Exported phones in clear',
    export: 'Exported data',
    access_refused: 'Refused (no right)',
    admin_created: 'Admin created',
    role_changed: 'Role changed',
    station_created: 'Station created',
    station_edited: 'Station edited',
    enroll_code_created: 'Enrollment code made',
    reenroll_code_created: 'Re-enrollment code made',
    device_renamed: 'Device renamed',
    device_revoked: 'Device revoked',
    transfer_imported: 'USB file imported',
    member_viewed: 'Member details viewed',
    member_merged: 'Members merged',
    member_split: 'Member split',
    member_deleted: 'Member deleted at their request',
    wish_changed: 'Wish claimed, fulfilled or withdrawn',
    suggestion_answered: 'Suggestion assigned, answered or moved on',
    pin_reset_code_created: 'Host PIN reset code issued',
    party_org_created: 'Party organisation added',
    party_org_edited: 'Party organisation edited',
    event_created: 'Event created',
    event_edited: 'Event edited',
    event_cancelled: 'Event cancelled',
    audit_exported: 'Audit log downloaded',
  },

  fleetHint:
    'Each kiosk reports its state every time it syncs. Devices that need a look are marked red, with the reason and what to do below them.',
  kiosk: 'Kiosk',
  lastSync: 'Last sync',
  appVersion: 'Version',
  queue: 'Queued',
  oldestPending: 'Oldest waiting',
  quarantine: 'Refused',
  storage: 'Storage',
  clock: 'Clock offset',
  actionsCol: 'Actions',
  noHeartbeat: 'Not reported yet',
  pendingNone: 'None',
  quarantineDetail: (n: number, discarded: number) =>
    [n > 0 ? `${n} to handle` : 'None', discarded > 0 ? `${discarded} discarded` : ''].filter(Boolean).join(' · '),
  storageUsed: (usedMb: string, quotaMb: string | null) => `${usedMb} MB${quotaMb ? ` / ${quotaMb} MB` : ''}`,
  persistence: (persistent: boolean | null) =>
    persistent === null ? 'persistence unknown' : persistent ? 'persistent' : 'not persistent',
  ahead: (text: string) => `${text} fast`,
  behind: (text: string) => `${text} slow`,
  ago: (text: string) => `${text} ago`,
  flagHelp: {
    'not-synced-for-a-day':
      'Has not reached the server for over a day: check its network or power. Its records are kept on the kiosk meanwhile.',
    'clock-off': 'Its clock is more than 5 minutes off the server’s: visit times may be wrong. Set the device’s time.',
    'storage-not-persistent':
      'The browser has not granted persistent storage: it may be cleared when space runs low. Allow persistent storage.',
    'storage-lost':
      'The kiosk holds fewer records than the server confirmed: its storage was wiped. Restore it with a re-enrollment code.',
    resyncing: 'After the server was restored from a backup, this kiosk is sending again the records it holds.',
    reenrolling: 'A re-enrollment code was made; waiting for this kiosk to enroll with it.',
    'refused-records':
      'Has records the server refused, waiting for the station host to retry or discard them on the kiosk.',
  },
  allWell: 'OK',
  revokeConfirm: (name: string) =>
    `Once “${name}” is revoked it can upload nothing more, and no re-enrollment code brings it back (only a new enrollment code). Revoke it?`,
  confirmRevoke: 'Revoke',
  reenrollConfirm: (name: string) =>
    `Make a re-enrollment code for “${name}”? Use it only after the kiosk’s storage was wiped; older unused codes stop working, and this one is valid for 1 hour.`,
  confirmReenroll: 'Make the code',
  pinReset: 'Host PIN reset code',
  pinResetConfirm: (name: string) =>
    `Make a host PIN reset code for “${name}”? The host taps “Forgot the PIN?” on the kiosk’s PIN screen, types it and sets a new PIN. Each code works once, even with the kiosk offline.`,
  confirmPinReset: 'Make the reset code',
  pinResetFor: (name: string, code: string) =>
    `Reset code for “${name}”: ${code} (works once; tell the host in person or by phone)`,
  revokedDone: (name: string) => `Revoked: ${name}`,
  showRevoked: (n: number) => `Show revoked devices (${n})`,
  minutesShort: (n: number) => `${n} min`,
  hoursShort: (n: number) => `${n} h`,
  daysShort: (n: number) => `${n} d`,
  secondsShort: (n: number) => `${n} s`,
};

export const accessErrorsEn: typeof accessErrorsZh = {
  forbidden_role: 'Your role may not do this; nothing was changed. Ask a district admin if you need it.',
  forbidden_station: 'This station is not one of yours; nothing was changed.',
  unknown_station: 'There is no station with that id; nothing was changed.',
  route_undeclared: 'The server refused this action (it declares no access rule). Tell whoever runs the server.',
};
