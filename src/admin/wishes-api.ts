/** The console's calls for micro-wishes (src/protocol/console-wishes.ts), and their words in the console's language. */
import { wishesEn } from '../i18n/admin-wishes-en';
import { wishesZh, type WishesConsoleStrings } from '../i18n/admin-wishes-zh-CN';
import {
  WISH_ERROR_CODES,
  WishListResponseSchema,
  WishResponseSchema,
  type WishErrorCode,
  type WishListQuery,
} from '../protocol/console-wishes';
import { AdminApiError, adminRequest } from './admin-request';
import { consoleLang } from './console-lang';
import { errorText } from './error-text';

const id = (s: string) => encodeURIComponent(s);

export const wishesApi = {
  list(q: WishListQuery) {
    const p = new URLSearchParams();
    for (const [k, val] of Object.entries(q)) if (val) p.set(k, String(val));
    const s = p.toString();
    return adminRequest(`/wishes${s ? `?${s}` : ''}`, WishListResponseSchema);
  },
  claim: (wishId: string, version: number, claimedBy: string) =>
    adminRequest(`/wishes/${id(wishId)}/claim`, WishResponseSchema, { body: { version, claimedBy } }),
  fulfil: (wishId: string, version: number) =>
    adminRequest(`/wishes/${id(wishId)}/fulfil`, WishResponseSchema, { body: { version } }),
  withdraw: (wishId: string, version: number) =>
    adminRequest(`/wishes/${id(wishId)}/withdraw`, WishResponseSchema, { body: { version } }),
};

/** The wish pages' strings in the console's current language (AdminApp remounts pages on a switch). */
export function wishesT(): WishesConsoleStrings {
  return consoleLang() === 'en' ? wishesEn : wishesZh;
}

/** A failed wish call in the admin's words: the wish routes' own codes first, then the console's general ones. */
export function wishErrorText(err: unknown): string {
  if (err instanceof AdminApiError && (WISH_ERROR_CODES as readonly string[]).includes(err.code ?? '')) {
    return wishesT().errors[err.code as WishErrorCode];
  }
  return errorText(err);
}

/** True when the answer means the list the admin sees is stale (read it again). */
export function isStale(err: unknown): boolean {
  return err instanceof AdminApiError && (err.code === 'conflict' || err.code === 'status_backwards');
}
