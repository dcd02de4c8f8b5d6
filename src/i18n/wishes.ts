/**
 * Strings of the micro-wish screens (微心愿: the wall, posting, my wishes, and host mode's
 * wish list), in both languages. They load with those screens (their own chunk).
 */
import { useLang, type Lang } from './i18n';
import { WISH_NAMES } from './wish-names';

const zh = {
  title: '微心愿',
  wallIntro: '骑手、快递员、司机的小小心愿，等志愿者来点亮',
  post: '我要许愿',
  mine: '我的心愿',
  ...WISH_NAMES['zh-CN'],
  claimedBy: (who: string) => `认领：${who}`,
  anonymousPoster: '匿名',
  wallEmpty: '还没有心愿，来许下第一个吧！',
  pageOf: (n: number, total: number) => `第 ${n} / ${total} 页`,
  prevPage: '上一页',
  nextPage: '下一页',
  pending: '待同步',
  close: '关闭',
  readMore: '点卡片看全文',
  whoTitle: '许愿前，先找到你自己',
  whoHint: '已注册的会员用手机号或会员卡找到自己：志愿者可以通过驿站联系你，你在任何驿站都能查看自己的心愿。',
  postAnonymous: '不留名，匿名许愿',
  asMember: (name: string, no: string) => `许愿人：${name}（会员号 ${no}）`,
  reachMe: '志愿者会通过驿站按你的会员号联系你；心愿墙上只显示姓氏（如“李*”），不显示手机号。',
  asAnonymous: '匿名许愿：心愿墙上显示“匿名”，志愿者无法联系你，之后也不能按手机号查看。',
  categoryLabel: '心愿类别',
  textLabel: '你的心愿',
  textHint: '点这里，用手机输入法写下你的心愿',
  count: (n: number, max: number) => `${n} / ${max} 字`,
  problems: {
    empty: '请先写下你的心愿',
    no_words: '心愿里要有文字，不能只有表情或符号',
    too_long: '心愿太长了，最多 200 个字，请删减一些',
    hidden: '心愿里有看不见的特殊字符，请删掉重写',
  } satisfies Record<'empty' | 'no_words' | 'too_long' | 'hidden', string>,
  pickCategory: '请先选一个心愿类别',
  submit: '发布心愿',
  saving: '正在保存…',
  saveFailed: '保存失败，心愿没有发布，请再试一次或告诉店员',
  postedTitle: '心愿已发布',
  postedBody: '心愿已保存在本机，联网同步后，会出现在全区每个驿站的心愿墙上。',
  toWall: '去心愿墙看看',
  mineWho: '用手机号或会员卡找到自己，查看你许过的心愿',
  mineTitle: (name: string) => `${name}的心愿`,
  mineEmpty: '你还没有许过心愿',
  postedAt: (date: string) => `${date} 许愿`,
  fulfilledAt: (date: string) => `${date} 已实现`,
  withdrawnNote: '区里已撤回这条心愿（例如重复或无法实现），有疑问请问店员',

  // Host mode
  hostScopeStation: '本站的心愿',
  hostScopeDistrict: '全区的心愿',
  hostEmpty: '没有待认领或待实现的心愿',
  hostWho: '认领人（志愿者、团队或部门）',
  hostWhoHint: '例如：店员小张、铜河小哥志愿队',
  hostWhoNeeded: '请先写上认领人，再点“认领”',
  hostWhoBad: '认领人最多 40 个字，不能只有空格或符号',
  claim: '认领',
  fulfil: '标为已实现',
  claimedOk: '已认领。联网同步后，各驿站都会看到。',
  fulfilledOk: '已标为已实现。联网同步后，各驿站都会看到。',
  notSynced: '这条心愿还没同步到区里，请先联网同步，再认领或标为已实现',
  backwards: (status: string) => `这条心愿已是“${status}”，不能再这样改`,
  notFound: '找不到这条心愿，可能已被区里撤回',
  otherStation: '他站',
  conflictTitle: '有心愿的修改没有生效',
  conflictLine: (text: string, mine: string, theirs: string) =>
    `心愿“${text}”：本机离线时标为“${mine}”，但区里已先把它改为“${theirs}”。以区里为准，现在显示“${theirs}”。`,
  conflictSame: (text: string, theirs: string, who: string) =>
    `心愿“${text}”：区里已先把它标为“${theirs}”（${who}），本机离线时的修改没有生效，以区里为准。`,
  acknowledge: '知道了',
};

export type WishesStrings = typeof zh;

const en: WishesStrings = {
  title: 'Micro-wishes',
  wallIntro: 'Small wishes of riders, couriers and drivers, waiting for a volunteer to light them up',
  post: 'Make a wish',
  mine: 'My wishes',
  ...WISH_NAMES.en,
  claimedBy: (who) => `Claimed by ${who}`,
  anonymousPoster: 'Anonymous',
  wallEmpty: 'No wishes yet. Make the first one!',
  pageOf: (n, total) => `Page ${n} of ${total}`,
  prevPage: 'Previous',
  nextPage: 'Next',
  pending: 'Waiting to sync',
  close: 'Close',
  readMore: 'Tap a card to read it all',
  whoTitle: 'First, find yourself',
  whoHint:
    'Registered members find themselves by phone or member card: volunteers can reach you through the station, and you can see your wishes at any station.',
  postAnonymous: 'Wish anonymously',
  asMember: (name, no) => `Wished by ${name} (member no. ${no})`,
  reachMe:
    'Volunteers reach you through the station by your member number; the wall shows only your initial (like "L*"), never your phone.',
  asAnonymous:
    'Anonymous: the wall shows "Anonymous", volunteers cannot reach you, and you cannot look the wish up later.',
  categoryLabel: 'Kind of wish',
  textLabel: 'Your wish',
  textHint: "Tap here and type your wish with the phone's keyboard",
  count: (n, max) => `${n} / ${max} characters`,
  problems: {
    empty: 'Please write your wish first',
    no_words: 'A wish needs words, not only emoji or symbols',
    too_long: 'The wish is too long: 200 characters at most, please shorten it',
    hidden: 'The wish holds invisible special characters; please delete them and type it again',
  },
  pickCategory: 'Please choose a kind of wish first',
  submit: 'Post my wish',
  saving: 'Saving…',
  saveFailed: 'Saving failed and the wish was not posted; please try again or ask the host',
  postedTitle: 'Your wish is posted',
  postedBody: 'It is saved on this kiosk; once synced it appears on the wish wall of every station in the district.',
  toWall: 'See the wish wall',
  mineWho: 'Find yourself by phone or member card to see the wishes you made',
  mineTitle: (name) => `Wishes of ${name}`,
  mineEmpty: 'You have not made a wish yet',
  postedAt: (date) => `Wished ${date}`,
  fulfilledAt: (date) => `Fulfilled ${date}`,
  withdrawnNote: 'The district withdrew this wish (a duplicate, say, or one it cannot fulfil); ask the host if unsure',

  hostScopeStation: 'Wishes of this station',
  hostScopeDistrict: 'Wishes of the district',
  hostEmpty: 'No wish is waiting to be claimed or fulfilled',
  hostWho: 'Claimed by (volunteer, team or department)',
  hostWhoHint: 'For example: Xiao Zhang at the counter, the riders’ volunteer team',
  hostWhoNeeded: 'Write who claims it first, then tap "Claim"',
  hostWhoBad: 'Who claims it: 40 characters at most, not only spaces or symbols',
  claim: 'Claim',
  fulfil: 'Mark fulfilled',
  claimedOk: 'Claimed. Every station sees it after the next sync.',
  fulfilledOk: 'Marked fulfilled. Every station sees it after the next sync.',
  notSynced: 'This wish has not reached the district yet; sync first, then claim or fulfil it',
  backwards: (status) => `This wish is already "${status}" and cannot be changed that way`,
  notFound: 'This wish is not here any more; the district may have withdrawn it',
  otherStation: 'Other station',
  conflictTitle: 'A change to a wish did not take effect',
  conflictLine: (text, mine, theirs) =>
    `Wish "${text}": this kiosk marked it "${mine}" while offline, but the district had already made it "${theirs}". The district's decision stands; it now shows "${theirs}".`,
  conflictSame: (text, theirs, who) =>
    `Wish "${text}": the district had already made it "${theirs}" (${who}), so this kiosk's offline change did not take effect. The district's decision stands.`,
  acknowledge: 'Understood',
};

/** Both languages of the wish screens (the tests hold them to the same keys). */
export const WISHES_STRINGS: Record<Lang, WishesStrings> = { 'zh-CN': zh, en };

/** The current language's wish-screen strings. */
export function useWishesT(): WishesStrings {
  return WISHES_STRINGS[useLang()];
}
