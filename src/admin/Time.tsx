import { timeParts } from './admin-time';
import { adminT as t } from './console-lang';

/** A time in a table cell: the admin's clock, and the stations' on a second line when it reads otherwise. */
export function Time({ iso }: { iso: string | null | undefined }) {
  const { mine, theirs } = timeParts(iso);
  return (
    <time dateTime={iso ?? undefined}>
      {mine}
      {theirs && <small class="station-time">{t.stationTime(theirs)}</small>}
    </time>
  );
}
