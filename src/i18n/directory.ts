/**
 * Strings of the station directory (附近驿站 · 一刻钟服务圈) and the host's opening-hours
 * editor, in both languages. They load with those screens, not with the first screen.
 */
import type { CompassPoint } from '../protocol/directory';
import { groupWeek, isAlwaysOpen, type OpeningHours, type OpenState } from '../protocol/opening-hours';
import type { StationHostType } from '../protocol/schemas';
import { useLang, type Lang } from './i18n';

const zh = {
  title: '附近驿站',
  circle: '一刻钟服务圈',
  back: '返回',
  summary: (n: number, within: number) => `区内还有 ${n} 个驿站，步行一刻钟内 ${within} 个`,
  estimateNote: '距离按直线估算，路程以实际道路为准。步行按每小时 4.5 公里、骑行按每小时 15 公里计算。',
  here: '本站',
  moreNotListed: (n: number) => `更远的 ${n} 个驿站未列出`,
  nearestOpen: '最近的营业中驿站',
  noneOpen: '附近的驿站现在都已打烊',
  hub: '总站',
  branch: '分站',
  open: '营业中',
  closed: '已打烊',
  hoursUnknown: '营业时间未知',
  closesAt: (t: string) => (t === '24:00' ? '营业到午夜' : `营业到 ${t}`),
  opensAt: (inDays: number, t: string, weekday: string) =>
    inDays === 0 ? `今天 ${t} 开门` : inDays === 1 ? `明天 ${t} 开门` : `${weekday} ${t} 开门`,
  neverOpens: '本周不营业',
  meters: (m: number) => (m < 1000 ? `${Math.max(10, Math.round(m / 10) * 10)} 米` : `${(m / 1000).toFixed(1)} 公里`),
  walk: (min: number) => `步行约 ${min} 分钟`,
  ride: (min: number) => `骑行约 ${min} 分钟`,
  within: '一刻钟内',
  towards: (d: string) => `${d}方向`,
  directions: { n: '北', ne: '东北', e: '东', se: '东南', s: '南', sw: '西南', w: '西', nw: '西北' } as Record<
    CompassPoint,
    string
  >,
  noPosition: '还没有位置，无法估算距离',
  herePositionMissing: '本站还没有设置位置，无法计算距离。请店员告诉区里在后台填写经纬度。',
  noneYet: '还没有收到其他驿站的信息。签到机联网同步一次后就会显示。',
  sketchTitle: '方位示意图：上方为北，圆圈为步行一刻钟范围；绿点营业中，灰点已打烊',
  sketchLabel: (n: number) => `示意图：本站在中心，编号 1–${n} 为最近的驿站`,
  services: '服务',
  address: '地址',
  labelled: (label: string, text: string) => `${label}：${text}`,
  hours: '营业时间',
  hostTypes: {
    pharmacy: '药店',
    supermarket: '超市',
    telecom: '电信营业厅',
    community: '社区便民服务中心',
    district_office: '街道 / 区级办公点',
    other: '其他场所',
  } as Record<StationHostType, string>,
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  dayRange: (a: string, b: string) => `${a}至${b}`,
  listSep: '、',
  groupSep: '；',
  closedDay: '休息',
  allDay: '24 小时营业',
  // Host mode: this station's entry and its opening hours
  hostTitle: '本站在“附近驿站”中的信息',
  hostHint:
    '其他驿站的签到机会显示这些信息（不含 Wi-Fi 密码）。营业时间可以在这里改，联网后同步到区里；其他内容请区里在后台修改。',
  position: (lat: string, lng: string) => `位置：北纬 ${lat}，东经 ${lng}`,
  positionMissing: '位置：未设置（请区里在后台填写）',
  editHours: '修改营业时间',
  saveHours: '保存营业时间',
  cancel: '取消',
  from: '开门',
  to: '关门',
  overnight: '（次日）',
  addRange: '加一个时段',
  removeRange: '删去这个时段',
  closedToggle: '休息',
  copyToAll: '其他每天都按周一',
  hoursSaved: '已保存。已在本机生效，联网后同步到区里。',
  hoursPending: '营业时间的修改待同步',
  hoursNone: '还没有设置营业时间',
  hoursFreeText: (text: string) => `区里填写的说明：${text}`,
  hoursBad: '时间有误：开门和关门不能是同一时间',
};

export type DirectoryStrings = typeof zh;

const en: DirectoryStrings = {
  title: 'Nearby stations',
  circle: '15-minute service circle',
  back: 'Back',
  summary: (n, within) => `${n} other stations in the district, ${within} within 15 minutes on foot`,
  estimateNote:
    'Distances are straight-line estimates; the way by road is longer. Walking at 4.5 km/h, riding at 15 km/h.',
  here: 'This station',
  moreNotListed: (n) => `${n} stations farther away are not listed`,
  nearestOpen: 'Nearest station open now',
  noneOpen: 'No station nearby is open now',
  hub: 'Hub',
  branch: 'Branch',
  open: 'Open now',
  closed: 'Closed',
  hoursUnknown: 'Hours not known',
  closesAt: (t) => (t === '24:00' ? 'open until midnight' : `open until ${t}`),
  opensAt: (inDays, t, weekday) =>
    inDays === 0 ? `opens today at ${t}` : inDays === 1 ? `opens tomorrow at ${t}` : `opens ${weekday} at ${t}`,
  neverOpens: 'not open this week',
  meters: (m) => (m < 1000 ? `${Math.max(10, Math.round(m / 10) * 10)} m` : `${(m / 1000).toFixed(1)} km`),
  walk: (min) => `about ${min} min on foot`,
  ride: (min) => `about ${min} min by bike`,
  within: 'Within 15 min',
  towards: (d) => `to the ${d}`,
  directions: {
    n: 'north',
    ne: 'north-east',
    e: 'east',
    se: 'south-east',
    s: 'south',
    sw: 'south-west',
    w: 'west',
    nw: 'north-west',
  },
  noPosition: 'No position yet: distance unknown',
  herePositionMissing:
    'This station has no position yet, so distances cannot be worked out. Ask the district to enter it in the console.',
  noneYet: 'No other stations received yet. They appear after this kiosk syncs once with a network.',
  sketchTitle: 'Sketch: north is up, the circle is 15 minutes on foot; green is open now, grey closed',
  sketchLabel: (n) => `Sketch: this station in the middle, 1–${n} the nearest stations`,
  services: 'Services',
  address: 'Address',
  labelled: (label, text) => `${label}: ${text}`,
  hours: 'Opening hours',
  hostTypes: {
    pharmacy: 'Pharmacy',
    supermarket: 'Supermarket',
    telecom: 'Telecom hall',
    community: 'Community service centre',
    district_office: 'District office',
    other: 'Other venue',
  },
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  dayRange: (a, b) => `${a}–${b}`,
  listSep: ', ',
  groupSep: '; ',
  closedDay: 'closed',
  allDay: 'Open 24 hours',
  hostTitle: 'This station in “Nearby stations”',
  hostHint:
    'Other stations’ kiosks show this (never the Wi-Fi password). You can correct the opening hours here; they sync to the district when online. The district edits the rest in the console.',
  position: (lat, lng) => `Position: ${lat}° N, ${lng}° E`,
  positionMissing: 'Position: not set (the district enters it in the console)',
  editHours: 'Change opening hours',
  saveHours: 'Save opening hours',
  cancel: 'Cancel',
  from: 'Opens',
  to: 'Closes',
  overnight: ' (next day)',
  addRange: 'Add a time range',
  removeRange: 'Remove this range',
  closedToggle: 'Closed',
  copyToAll: 'Every other day like Monday',
  hoursSaved: 'Saved. In effect on this kiosk now; it syncs to the district when online.',
  hoursPending: 'Change of opening hours waiting to sync',
  hoursNone: 'No opening hours set yet',
  hoursFreeText: (text) => `The district’s note: ${text}`,
  hoursBad: 'A range cannot open and close at the same time',
};

/** Both languages of the directory screens (the tests hold them to the same keys). */
export const DIRECTORY_STRINGS: Record<Lang, DirectoryStrings> = { 'zh-CN': zh, en };

/** The current language's directory strings. */
export function useDirectoryT(): DirectoryStrings {
  return DIRECTORY_STRINGS[useLang()];
}

/** A week of opening hours in words: `周一至周五 08:00–20:00；周六、周日 休息`. */
export function describeHours(t: DirectoryStrings, hours: OpeningHours): string {
  if (isAlwaysOpen(hours)) return t.allDay;
  return groupWeek(hours)
    .map(({ days, ranges }) => {
      const consecutive = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
      const names = consecutive
        ? t.dayRange(t.weekdays[days[0]!]!, t.weekdays[days.at(-1)!]!)
        : days.map((d) => t.weekdays[d]).join(t.listSep);
      const times = ranges.length === 0 ? t.closedDay : ranges.map((r) => `${r.from}–${r.to}`).join(t.listSep);
      return `${names} ${times}`;
    })
    .join(t.groupSep);
}

/** The opening state in words: `营业到 20:00`, `明天 08:00 开门`. */
export function describeOpenState(t: DirectoryStrings, state: OpenState, today: number): string {
  if (state.open) return t.closesAt(state.closesAt);
  if (!state.opensAt) return t.neverOpens;
  return t.opensAt(state.opensAt.inDays, state.opensAt.time, t.weekdays[(today + state.opensAt.inDays) % 7]!);
}
