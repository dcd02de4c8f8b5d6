/** The console's words for the 访问管理 page: API tokens and admins' roles (zh-CN; English in admin-access-page-en.ts). */
import type { ApiScope, ApiTokenErrorCode, ApiTokenState } from '../protocol/api-tokens';

/** Refusals of a role change (server/store/admin-roles.ts) and of the token routes. */
export type AccessPageErrorCode =
  ApiTokenErrorCode | 'admin_not_found' | 'stations_required' | 'stations_not_allowed' | 'last_district_admin';

export const accessPageZh = {
  tab: '访问管理',
  tokens: 'API 令牌',
  tokensHint:
    '给 BI 工具或数据中心用来拉取导出数据（/api/v1/export）的令牌。令牌只在生成时显示一次；不再使用或可能泄露时请立即撤销。',
  name: '名称',
  scopes: '权限',
  created: '创建时间',
  expires: '到期时间',
  state: '状态',
  actions: '操作',
  never: '不过期',
  noTokens: '还没有 API 令牌',
  scopeNames: { export: '导出', 'export:phones': '导出（含完整手机号）' } satisfies Record<ApiScope, string>,
  states: { live: '有效', expired: '已过期', revoked: '已撤销' } satisfies Record<ApiTokenState, string>,
  revokedAt: (when: string) => `撤销于 ${when}`,
  revoke: '撤销',
  revokeConfirm: (name: string) => `撤销“${name}”后，使用它的程序立即无法再拉取数据，且不能恢复。确定撤销吗？`,
  confirmRevoke: '撤销令牌',
  revokedDone: (name: string) => `已撤销：${name}`,

  newToken: '生成新令牌',
  nameHint: '写明给谁用，如“区数据中心 BI 看板”（最多 60 个字）',
  phonesScope: '允许导出完整手机号',
  phonesWarning:
    '勾选后，持有此令牌的人可以导出所有人的完整手机号（个人信息）。只给确实需要、并能妥善保管的系统；每次完整手机号导出都会记入操作日志。',
  days: '有效天数',
  daysHint: '1–365 天，到期后自动失效',
  create: '生成令牌',
  creating: '正在生成…',
  nameRequired: '请填写名称',
  daysRange: '有效天数须为 1 到 365 之间的整数',

  madeTitle: (name: string) => `新令牌“${name}”已生成`,
  onceWarning: '只显示这一次：离开本页或再生成一个令牌后就再也看不到了。请现在复制，保存到安全的地方。',
  tokenLabel: '令牌',
  copy: '复制',
  copied: '已复制到剪贴板',
  copyFailed: '无法自动复制，请选中上面的令牌后手动复制',
  dismiss: '我已保存，关闭',

  admins: '管理员与角色',
  adminsHint:
    '区级管理员可管理全部驿站、管理员、令牌和操作日志；驿站站长只管理自己负责的驿站；只读查看不能做任何修改。',
  username: '用户名',
  role: '角色',
  stations: '负责驿站',
  allStations: '全部驿站',
  you: '（您）',
  changeRole: '修改角色',
  newRole: '新角色',
  pickStations: '负责的驿站（站长至少选一个）',
  save: '保存',
  saving: '正在保存…',
  cancel: '取消',
  roleChanged: (user: string, role: string) => `已把 ${user} 改为：${role}`,
  pickOne: '驿站站长至少要负责一个驿站',

  errors: {
    api_token_not_found: '这个令牌已经失效（过期或已被撤销），无需再撤销。列表已刷新。',
    admin_not_found: '找不到这个管理员（可能已被删除），列表已刷新。',
    stations_required: '驿站站长至少要负责一个驿站。',
    stations_not_allowed: '只有驿站站长才需要选择驿站；其他角色可看到全部驿站。',
    last_district_admin: '这是最后一位区级管理员，不能改成其他角色。请先把另一位管理员设为区级管理员。',
  } satisfies Record<AccessPageErrorCode, string>,
};

export type AccessPageStrings = typeof accessPageZh;
