/** The console's words for micro-wishes (微心愿), zh-CN. */
import type { WishErrorCode } from '../protocol/console-wishes';
import { WISH_NAMES } from './wish-names';

export const wishesZh = {
  wishes: '微心愿',
  ...WISH_NAMES['zh-CN'],
  status: '状态',
  allStatuses: '全部状态',
  category: '类别',
  allCategories: '全部类别',
  station: '驿站',
  allStations: '全部驿站',
  age: '许愿时间',
  ages: {
    any: '不限',
    week: '最近 7 天内',
    month: '最近 30 天内',
    olderWeek: '7 天以前（等得久的）',
    olderMonth: '30 天以前',
  },
  counts: (open: number, claimed: number, fulfilled: number, withdrawn: number) =>
    `待认领 ${open} · 已认领 ${claimed} · 已实现 ${fulfilled} · 已撤回 ${withdrawn}`,
  postedAt: '许愿时间',
  text: '心愿内容',
  poster: '许愿人',
  anonymous: '匿名',
  memberNo: (no: string) => `会员号 ${no}`,
  claimedBy: (who: string) => `认领：${who}`,
  actions: '操作',
  claim: '认领',
  fulfil: '标为已实现',
  withdraw: '撤回',
  claimWho: '认领人（志愿者、团队或部门）',
  claimWhoHint: '例如：铜河小哥志愿队',
  claimConfirm: '确认认领',
  cancel: '取消',
  fulfilAsk: (text: string) => `确认“${text}”已经实现？各驿站的心愿墙会显示为已实现。`,
  withdrawAsk: (text: string) => `撤回“${text}”？撤回后不再出现在心愿墙上，也不能恢复。`,
  claimedOk: (text: string, who: string) => `“${text}”已由${who}认领，各驿站同步后可见。`,
  fulfilledOk: (text: string) => `“${text}”已标为已实现，各驿站同步后可见。`,
  withdrawnOk: (text: string) => `“${text}”已撤回，各驿站同步后不再显示。`,
  noWishes: '没有符合条件的心愿',
  pageOf: (from: number, to: number, total: number) =>
    total === 0 ? '共 0 条' : `第 ${from}–${to} 条，共 ${total} 条`,
  prevPage: '上一页',
  nextPage: '下一页',
  downloads: '下载',
  downloadCsv: '微心愿 CSV（Excel / WPS）',
  downloadNdjson: '微心愿 NDJSON',
  errors: {
    bad_request: '填写的内容不符合要求：认领人不能为空，最多 40 个字。',
    bad_query: '筛选条件无法识别，请刷新页面后重试。',
    wish_not_found: '找不到这条心愿。',
    conflict: '这条心愿刚被别人（或驿站）改过，你的操作没有生效：已重新读取，请看清现在的状态再操作。',
    status_backwards: '心愿的状态只能往前走：已实现或已撤回的心愿不能再认领、实现或撤回。已重新读取。',
  } satisfies Record<WishErrorCode, string>,
};

export type WishesConsoleStrings = typeof wishesZh;
