/**
 * The server's error codes in the kiosk's words. The server's own sentence is English for logs and
 * developers; a screen shows only these, and a code not listed here gets a plain sentence of its own.
 */
import type { Lang } from './i18n';

type Table = Record<string, string>;

const ZH: Table = {
  bad_enroll_code: '登记码不对、已用过或已过期。请核对，或向区里管理员要一个新的登记码',
  bad_request: '服务器看不懂这次的请求（请更新签到机程序，或告诉区里管理员）',
  too_large: '这次发送的内容太大，服务器没有接收',
  server_busy: '服务器正忙，请稍后再试',
  unsupported_media_type: '服务器看不懂这次的请求格式（请更新签到机程序）',
  no_device_token: '这台设备还没有登记',
  unknown_device_token: '服务器不认识这台设备，需要重新登记',
  device_token_revoked: '这台设备已被区里停用，需要重新登记',
  device_revoked: '这台设备已被区里停用',
  device_not_found: '服务器上没有这台设备',
  station_gone: '这台设备所属的驿站已被撤销',
  station_not_found: '服务器上没有这个驿站',
  bad_cursor: '同步位置有误，签到机会从头重新同步',
  cursor_epoch_gone: '服务器的数据已恢复到以前的备份，签到机会重新上传本机的记录',
  not_signed_in: '请先登录',
  bad_credentials: '用户名或密码不对',
  unknown_api_token: '访问令牌无效',
  no_such_export: '没有这种导出',
  no_such_endpoint: '服务器不认识这个请求（请更新签到机程序）',
  bad_query: '查询条件有误',
  conflict: '记录刚被别人改过，请重新打开后再改',
  member_not_found: '服务器上没有这位会员',
  event_not_found: '服务器上没有这个活动',
  party_org_not_found: '服务器上没有这个党组织',
  same_member: '这两条已经是同一位会员',
  not_merged: '这位会员没有被合并',
  not_a_file: '这不是驿站的待同步记录文件',
  unknown_device: '文件来自服务器不认识的设备',
  bad_signature: '文件的签名对不上，可能被改动过',
  sealed_unreadable: '加密的内容这台服务器打不开',
  internal: '服务器内部出错，稍后会自动重试',
};

const EN: Table = {
  bad_enroll_code: 'The code is wrong, already used or expired. Check it, or ask the district admin for a new one',
  bad_request: 'The server could not understand the request (update the kiosk app, or tell the district admin)',
  too_large: 'What was sent is too large; the server did not take it',
  server_busy: 'The server is busy; try again shortly',
  unsupported_media_type: 'The server could not read the request format (update the kiosk app)',
  no_device_token: 'This kiosk is not enrolled yet',
  unknown_device_token: 'The server does not know this kiosk; it must be enrolled again',
  device_token_revoked: 'The district disabled this kiosk; it must be enrolled again',
  device_revoked: 'The district disabled this kiosk',
  device_not_found: 'The server has no such kiosk',
  station_gone: "This kiosk's station was closed",
  station_not_found: 'The server has no such station',
  bad_cursor: 'The sync position was wrong; the kiosk syncs again from the start',
  cursor_epoch_gone: 'The server was restored from a backup; the kiosk uploads its records again',
  not_signed_in: 'Please sign in first',
  bad_credentials: 'Wrong user name or password',
  unknown_api_token: 'The access token is not valid',
  no_such_export: 'There is no such export',
  no_such_endpoint: 'The server does not know this request (update the kiosk app)',
  bad_query: 'The filter is not valid',
  conflict: 'Someone changed this meanwhile; open it again and redo the change',
  member_not_found: 'The server has no such member',
  event_not_found: 'The server has no such activity',
  party_org_not_found: 'The server has no such party organisation',
  same_member: 'These are already one member',
  not_merged: 'This member was not merged',
  not_a_file: 'This is not a Waystation transfer file',
  unknown_device: 'The file comes from a kiosk the server does not know',
  bad_signature: "The file's signature does not match; it may have been altered",
  sealed_unreadable: 'The sealed contents cannot be opened by this server',
  internal: 'The server had an internal error; the kiosk tries again by itself',
};

/** Every code the kiosk can word, in both languages (the tests hold the two tables to the same keys). */
export const SERVER_ERRORS: Record<Lang, Table> = { 'zh-CN': ZH, en: EN };

const FALLBACK: Record<Lang, (status?: number) => string> = {
  'zh-CN': (status) => `服务器没有接受这次请求${status ? `（错误 ${status}）` : ''}，请稍后再试或告诉区里管理员`,
  en: (status) =>
    `The server did not accept the request${status ? ` (error ${status})` : ''}; try again later or tell the district admin`,
};

/** The sentence for a server error code in `lang`; never the server's own English. */
export function serverErrorText(lang: Lang, code: string | undefined, status?: number): string {
  return (code && SERVER_ERRORS[lang][code]) || FALLBACK[lang](status);
}
