/** Lists, numbers and dates in the language's own conventions (Intl), so English never gets Chinese punctuation. */
import type { Lang } from './i18n';

/** `['a', 'b', 'c']` as "a, b and c" or "a、b和c". */
export function joinList(items: string[], lang: Lang): string {
  try {
    return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    // A browser without Intl.ListFormat (very old kiosks) still gets a readable list.
    return items.join(lang === 'en' ? ', ' : '、');
  }
}

/** A count with the language's grouping (1,234). */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** A date and time, short, in the kiosk's time zone. */
export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
