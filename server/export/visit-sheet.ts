/**
 * The visits download for people (the console's "Excel" button): Chinese headers and one
 * 0/1 column per service, so a spreadsheet sums each service with one click. The API's
 * `format=csv` keeps its stable English keys for scripts; this one may change its wording.
 */
import { deviceTag, isGenericDeviceName } from '../../src/domain/device-label';
import { maskPhone } from '../../src/domain/phone';
import { SERVICE_NAMES_ZH } from '../../src/protocol/service-names';
import { SERVICE_IDS } from '../../src/protocol/services';
import type { VisitRow } from '../store/visits';
import { CLOCK_AHEAD_MS, csvCell, localTime, type ExportOptions } from './visit-table';

const HEAD = ['到访时间', '驿站', '设备', '手机号', '会员编号'] as const;
const TAIL = ['服务项数', '上传时间', '签到机时钟偏快', '记录编号'] as const;

/** The header line, with the BOM that makes Excel and WPS read the Chinese as UTF-8. */
export function sheetHeader(): string {
  return `\uFEFF${[...HEAD, ...SERVICE_IDS.map((s) => SERVICE_NAMES_ZH[s]), ...TAIL].map(csvCell).join(',')}\r\n`;
}

/** CSV lines (CRLF) for these visits, in the header's columns. */
export function sheetRows(rows: VisitRow[], opts: ExportOptions): string {
  let out = '';
  for (const v of rows) {
    const used = new Set(v.services);
    const cells = [
      localTime(v.createdAt, opts.timeZone),
      v.stationName,
      isGenericDeviceName(v.deviceName) ? `签到机 ${deviceTag(v.deviceId)}` : v.deviceName,
      opts.clearPhones ? (v.phone ?? '') : maskPhone(v.phone),
      v.memberId ?? '',
      ...SERVICE_IDS.map((s) => (used.has(s) ? '1' : '0')),
      String(v.services.length),
      localTime(v.receivedAt, opts.timeZone),
      Date.parse(v.createdAt) - Date.parse(v.receivedAt) > CLOCK_AHEAD_MS ? '是' : '',
      v.id,
    ];
    out += `${cells.map(csvCell).join(',')}\r\n`;
  }
  return out;
}
