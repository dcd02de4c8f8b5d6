/** What the kinds and statuses of micro-wishes are called, in both languages: one list for the kiosk and the console. */
import type { WishCategory, WishStatus } from '../protocol/wishes';

export const WISH_NAMES = {
  'zh-CN': {
    categories: {
      daily_goods: '生活用品',
      training: '学习培训',
      legal: '法律咨询',
      wellbeing: '心理关爱',
      other: '其他',
    } satisfies Record<WishCategory, string>,
    statuses: { open: '待认领', claimed: '已认领', fulfilled: '已实现', withdrawn: '已撤回' } satisfies Record<
      WishStatus,
      string
    >,
  },
  en: {
    categories: {
      daily_goods: 'Daily goods',
      training: 'Learning',
      legal: 'Legal advice',
      wellbeing: 'Wellbeing',
      other: 'Other',
    } satisfies Record<WishCategory, string>,
    statuses: { open: 'Waiting', claimed: 'Claimed', fulfilled: 'Fulfilled', withdrawn: 'Withdrawn' } satisfies Record<
      WishStatus,
      string
    >,
  },
};
