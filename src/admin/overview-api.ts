/** The console's call for the dashboard (src/protocol/overview.ts), and its failures in the console's words. */
import { OVERVIEW_ERROR_CODES, OverviewResponseSchema, type OverviewQuery } from '../protocol/overview';
import { dashboardEn } from '../i18n/admin-dashboard-en';
import { dashboardZh } from '../i18n/admin-dashboard-zh-CN';
import { AdminApiError, adminRequest } from './admin-request';
import { consoleLang } from './console-lang';
import { errorText } from './error-text';

/** The dashboard's strings in the console's language now (screens remount on a switch). */
export function dashboardT() {
  return consoleLang() === 'en' ? dashboardEn : dashboardZh;
}

/** The overview for the days and station asked (the server's default: the last 90 days, all stations). */
export function loadOverview(q: OverviewQuery) {
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(q)) if (val) p.set(k, val);
  const s = p.toString();
  return adminRequest(`/overview${s ? `?${s}` : ''}`, OverviewResponseSchema);
}

/** A failed load worded for the admin: the dashboard's own codes first, then the console's. */
export function overviewErrorText(err: unknown): string {
  if (err instanceof AdminApiError) {
    const code = OVERVIEW_ERROR_CODES.find((c) => c === err.code);
    if (code) return dashboardT().errors[code];
  }
  return errorText(err);
}
