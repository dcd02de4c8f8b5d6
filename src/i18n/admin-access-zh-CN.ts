/** The console's words for roles, the audit log and the device fleet (zh-CN; English in admin-access-en.ts). */
import type { AuditAction } from '../protocol/audit';
import type { DeviceFlag } from '../protocol/device-flags';
import type { AccessCode, AdminRole } from '../protocol/roles';

export const accessZh = {
  roles: { district: '区级管理员', manager: '驿站站长', viewer: '只读查看' } satisfies Record<AdminRole, string>,
  roleOf: (role: string, stations: number) => (stations > 0 ? `${role} · 管理 ${stations} 个驿站` : role),
  readOnlyNote: '您是只读账号：可以查看和下载（手机号脱敏），不能做任何修改。',
  managerNote: (n: number) => `您是驿站站长：只看得到并管理您负责的 ${n} 个驿站。`,

  // Audit log
  audit: '操作日志',
  auditHint: (days: number) =>
    `记录每次登录、修改、导出和查看个人信息：谁、做了什么、何时、从哪个地址。保留 ${days} 天。`,
  who: '操作人',
  whoHint: '用户名，如 admin',
  action: '操作',
  allActions: '全部操作',
  from: '从',
  to: '到',
  search: '查询',
  reset: '清空条件',
  at: '时间',
  address: '来源地址',
  detail: '详情',
  noEntries: '没有符合条件的记录',
  pageOf: (from: number, to: number, total: number) =>
    total === 0 ? '共 0 条' : `第 ${from}–${to} 条，共 ${total} 条`,
  download: '下载 CSV（Excel / WPS）',
  downloadNdjson: 'NDJSON',
  rangeBackwards: '结束日期必须晚于开始日期',
  actorCli: '命令行',
  actions: {
    sign_in: '登录',
    sign_in_failed: '登录失败',
    sign_out: '退出登录',
    api_token_created: '创建 API 令牌',
    api_token_revoked: '吊销 API 令牌',
    export_clear_phones: '导出完整手机号',
    export: '导出数据',
    access_refused: '无权限被拒绝',
    admin_created: '创建管理员',
    role_changed: '修改角色',
    station_created: '新建驿站',
    station_edited: '修改驿站',
    enroll_code_created: '生成登记码',
    reenroll_code_created: '生成重新登记码',
    device_renamed: '设备改名',
    device_revoked: '停用设备',
    transfer_imported: '导入 U 盘文件',
    member_viewed: '查看会员信息',
    member_merged: '合并会员',
    member_split: '拆分会员',
    member_deleted: '应本人要求删除会员资料',
    wish_changed: '认领、实现或撤回心愿',
    suggestion_answered: '分派、答复或推进意见建议',
    pin_reset_code_created: '生成店员密码重置码',
    party_org_created: '新增党组织',
    party_org_edited: '修改党组织',
    event_created: '创建活动',
    event_edited: '修改活动',
    event_cancelled: '取消活动',
    audit_exported: '下载操作日志',
  } satisfies Record<AuditAction, string>,

  // Device fleet
  fleetHint: '每台签到机每次同步时报告自己的状态。需要关注的设备标红，下方写明原因和处理办法。',
  kiosk: '签到机',
  lastSync: '最近同步',
  appVersion: '版本',
  queue: '待上传',
  oldestPending: '最早一条等待',
  quarantine: '被拒记录',
  storage: '存储',
  clock: '时钟偏差',
  actionsCol: '操作',
  noHeartbeat: '尚未报告',
  pendingNone: '无',
  quarantineDetail: (n: number, discarded: number) =>
    [n > 0 ? `${n} 条待处理` : '无', discarded > 0 ? `已丢弃 ${discarded} 条` : ''].filter(Boolean).join(' · '),
  storageUsed: (usedMb: string, quotaMb: string | null) => `${usedMb} MB${quotaMb ? ` / ${quotaMb} MB` : ''}`,
  persistence: (persistent: boolean | null): string =>
    persistent === null ? '持久存储：未知' : persistent ? '持久存储' : '非持久存储',
  ahead: (text: string) => `快 ${text}`,
  behind: (text: string) => `慢 ${text}`,
  ago: (text: string) => `${text}前`,
  flagHelp: {
    'not-synced-for-a-day': '超过一天没有连上服务器：检查网络或电源，这期间的记录仍保存在签到机上。',
    'clock-off': '签到机的时钟与服务器相差超过 5 分钟：到访时间可能不准，请校准设备时间。',
    'storage-not-persistent': '浏览器没有授予持久存储：空间紧张时可能被清除，请在浏览器中允许“持久存储”。',
    'storage-lost': '签到机上的数据比服务器确认的少：本机存储曾被清除，请用“重新登记码”恢复。',
    resyncing: '服务器从备份恢复后，这台签到机正在补传它保存的记录。',
    reenrolling: '已生成重新登记码，等待这台签到机用它重新登记。',
    'refused-records': '有被服务器拒绝的记录，等待站点管理员在签到机上重试或丢弃。',
  } satisfies Record<DeviceFlag, string>,
  allWell: '正常',
  revokeConfirm: (name: string) =>
    `停用“${name}”后，它不能再上传任何记录，且不能用重新登记码恢复（只能用新的登记码重新登记）。确定停用？`,
  confirmRevoke: '确认停用',
  reenrollConfirm: (name: string) =>
    `为“${name}”生成重新登记码？只在签到机的存储被清除后使用；旧的未用重新登记码会失效，码 1 小时内有效。`,
  confirmReenroll: '生成重新登记码',
  pinReset: '店员密码重置码',
  pinResetConfirm: (name: string) =>
    `为「${name}」生成店员管理密码的重置码？店员在签到机的密码页点「忘记管理密码？」输入它，再设新密码。每个码只能用一次，签到机不联网也能用。`,
  confirmPinReset: '生成重置码',
  pinResetFor: (name: string, code: string) => `「${name}」的重置码：${code}（只能用一次；请当面或电话告诉店员）`,
  revokedDone: (name: string) => `已停用：${name}`,
  showRevoked: (n: number) => `显示已停用的设备（${n}）`,
  minutesShort: (n: number) => `${n} 分钟`,
  hoursShort: (n: number) => `${n} 小时`,
  daysShort: (n: number) => `${n} 天`,
  secondsShort: (n: number) => `${n} 秒`,
};

export type AccessStrings = typeof accessZh;

/** The refusals of roles, worded for the admin. */
export const accessErrorsZh = {
  forbidden_role: '您的角色没有权限做这件事，什么都没有改动。如需权限，请联系区级管理员。',
  forbidden_station: '这个驿站不归您管理，什么都没有改动。',
  unknown_station: '找不到这个驿站编号，什么都没有改动。',
  route_undeclared: '服务器拒绝了这项操作（未声明权限）。请联系系统维护人员。',
} satisfies Record<AccessCode, string>;
