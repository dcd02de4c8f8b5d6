/** The console's words for the Access page: API tokens and admins' roles, English. */
import type { AccessPageStrings } from './admin-access-page-zh-CN';

export const accessPageEn: AccessPageStrings = {
  tab: 'Access',
  tokens: 'API tokens',
  tokensHint:
    'Tokens a BI tool or data centre uses to pull exports (/api/v1/export). A token is shown only once, when it is made; revoke it as soon as it is no longer used or may have leaked.',
  name: 'Name',
  scopes: 'Scope',
  created: 'Created',
  expires: 'Expires',
  state: 'State',
  actions: 'Actions',
  never: 'Never',
  noTokens: 'No API tokens yet',
  scopeNames: { export: 'Export', 'export:phones': 'Export (with full phone numbers)' },
  states: { live: 'Live', expired: 'Expired', revoked: 'Revoked' },
  revokedAt: (when: string) => `revoked ${when}`,
  revoke: 'Revoke',
  revokeConfirm: (name: string) =>
    `Once “${name}” is revoked, whatever uses it can pull nothing more, and it cannot be brought back. Revoke it?`,
  confirmRevoke: 'Revoke the token',
  revokedDone: (name: string) => `Revoked: ${name}`,

  newToken: 'Make a new token',
  nameHint: 'Say who it is for, e.g. “District data centre BI” (up to 60 characters)',
  phonesScope: 'May export full phone numbers',
  phonesWarning:
    'With this ticked, whoever holds the token can export everyone’s full phone numbers (personal data). Give it only to a system that truly needs them and keeps them safe; every such export is written to the audit log.',
  days: 'Valid for (days)',
  daysHint: '1–365 days; it stops working after that',
  create: 'Make the token',
  creating: 'Making…',
  nameRequired: 'Give the token a name',
  daysRange: 'Days must be a whole number from 1 to 365',

  madeTitle: (name: string) => `New token “${name}” made`,
  onceWarning:
    'Shown only once: after you leave this page or make another token it cannot be seen again. Copy it now and keep it somewhere safe.',
  tokenLabel: 'Token',
  copy: 'Copy',
  copied: 'Copied to the clipboard',
  copyFailed: 'Could not copy by itself: select the token above and copy it by hand',
  dismiss: 'I have saved it, close',

  admins: 'Admins and roles',
  adminsHint:
    'District admins manage every station, the admins, tokens and the audit log; station managers manage their own stations only; viewers change nothing.',
  username: 'Username',
  role: 'Role',
  stations: 'Stations',
  allStations: 'All stations',
  you: ' (you)',
  changeRole: 'Change role',
  newRole: 'New role',
  pickStations: 'Their stations (a manager needs at least one)',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  roleChanged: (user: string, role: string) => `${user} is now: ${role}`,
  pickOne: 'A station manager needs at least one station',

  errors: {
    api_token_not_found:
      'This token no longer works (expired or already revoked): nothing to revoke. The list was read again.',
    admin_not_found: 'There is no such admin any more (deleted?). The list was read again.',
    stations_required: 'A station manager needs at least one station.',
    stations_not_allowed: 'Only station managers take stations; the other roles see every station.',
    last_district_admin:
      'This is the last district admin and cannot become another role. Make another admin a district admin first.',
  },
};
