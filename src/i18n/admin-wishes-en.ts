/** The console's words for micro-wishes, English. */
import type { WishesConsoleStrings } from './admin-wishes-zh-CN';
import { WISH_NAMES } from './wish-names';

export const wishesEn: WishesConsoleStrings = {
  wishes: 'Micro-wishes',
  ...WISH_NAMES.en,
  status: 'Status',
  allStatuses: 'All statuses',
  category: 'Kind',
  allCategories: 'All kinds',
  station: 'Station',
  allStations: 'All stations',
  age: 'Posted',
  ages: {
    any: 'Any time',
    week: 'In the last 7 days',
    month: 'In the last 30 days',
    olderWeek: 'Over 7 days ago (waiting long)',
    olderMonth: 'Over 30 days ago',
  },
  counts: (open, claimed, fulfilled, withdrawn) =>
    `Waiting ${open} · Claimed ${claimed} · Fulfilled ${fulfilled} · Withdrawn ${withdrawn}`,
  postedAt: 'Posted',
  text: 'Wish',
  poster: 'Posted by',
  anonymous: 'Anonymous',
  memberNo: (no) => `Member no. ${no}`,
  claimedBy: (who) => `Claimed by ${who}`,
  actions: 'Actions',
  claim: 'Claim',
  fulfil: 'Mark fulfilled',
  withdraw: 'Withdraw',
  claimWho: 'Claimed by (volunteer, team or department)',
  claimWhoHint: 'For example: the riders’ volunteer team',
  claimConfirm: 'Confirm claim',
  cancel: 'Cancel',
  fulfilAsk: (text) => `Mark "${text}" as fulfilled? Every station's wish wall will show it so.`,
  withdrawAsk: (text) => `Withdraw "${text}"? It leaves the wish walls and cannot be restored.`,
  claimedOk: (text, who) => `"${text}" is claimed by ${who}; stations see it after their next sync.`,
  fulfilledOk: (text) => `"${text}" is marked fulfilled; stations see it after their next sync.`,
  withdrawnOk: (text) => `"${text}" is withdrawn; stations stop showing it after their next sync.`,
  noWishes: 'No wish matches these filters',
  pageOf: (from, to, total) => (total === 0 ? 'None' : `${from}–${to} of ${total}`),
  prevPage: 'Previous',
  nextPage: 'Next',
  downloads: 'Downloads',
  downloadCsv: 'Micro-wishes CSV (Excel / WPS)',
  downloadNdjson: 'Micro-wishes NDJSON',
  errors: {
    bad_request: 'Please check what you entered: who claims it cannot be empty, 40 characters at most.',
    bad_query: 'The filters were not understood; reload the page and try again.',
    wish_not_found: 'This wish does not exist.',
    conflict:
      'Someone (or a station) changed this wish just now, so your action did not take effect. It was read again: check its status and try again.',
    status_backwards:
      'A wish only moves forward: a fulfilled or withdrawn wish cannot be claimed, fulfilled or withdrawn again. It was read again.',
  },
};
