/** Dates and times of events as a worker reads them, in the kiosk's time zone. */
import type { Lang } from '../../i18n/i18n';

export function eventWhen(startsAt: string, endsAt: string, lang: Lang): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const day = new Intl.DateTimeFormat(lang, { month: 'long', day: 'numeric', weekday: 'short' }).format(start);
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  const sameDay = start.toDateString() === end.toDateString();
  const endText = sameDay
    ? time.format(end)
    : `${new Intl.DateTimeFormat(lang, { month: 'long', day: 'numeric' }).format(end)} ${time.format(end)}`;
  return `${day} ${time.format(start)}–${endText}`;
}
