import { peopleT as t } from './console-lang';
import { formatSpan } from './admin-time';
import { Notice } from './Notice';
import { peopleApi } from './people-api';
import { AttendanceTable, SignupTable } from './RecordTables';
import { useLoad } from './use-load';

/** One event: who is confirmed, who waits (in the order the server received them), who cancelled, who came. */
export function EventDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const detail = useLoad(() => peopleApi.event(id), id);
  const d = detail.data;
  // As the server counts: a withdrawn record no longer counts, and a correction only withdraws.
  const counted = d?.attendance.filter((a) => !a.withdrawn && !a.withdraws) ?? [];
  const members = counted.filter((a) => a.memberId !== null).length;
  const walkIns = counted.filter((a) => a.memberId === null).reduce((sum, a) => sum + a.count, 0);
  return (
    <section class="detail">
      <button type="button" class="link back" onClick={onBack}>
        ← {t.back}
      </button>
      <Notice text={detail.error} tone="error" />
      {d && (
        <>
          <h2>
            {d.event.title}
            {d.event.cancelled && <span class="tag">{t.cancelledFlag}</span>}
          </h2>
          <p class="hint">
            {t.eventKinds[d.event.kind]} · {d.event.stationName} · {formatSpan(d.event.startsAt, d.event.endsAt)} ·{' '}
            {t.capacity} {d.event.capacity}
          </p>
          {d.event.description && <p class="description">{d.event.description}</p>}
          <dl class="totals">
            <div>
              <dt>{t.signupStatuses.confirmed}</dt>
              <dd>{t.seats(d.confirmed.length, d.event.capacity)}</dd>
            </div>
            <div>
              <dt>{t.waitlisted}</dt>
              <dd>{d.waitlist.length}</dd>
            </div>
            <div>
              <dt>{t.signupStatuses.cancelled}</dt>
              <dd>{d.cancelled.length}</dd>
            </div>
            <div>
              <dt>{t.attended}</dt>
              <dd>{d.event.attended}</dd>
            </div>
          </dl>
          <h3>{t.confirmedList(d.confirmed.length, d.event.capacity)}</h3>
          <SignupTable rows={d.confirmed} by="member" />
          <h3>{t.waitlist(d.waitlist.length)}</h3>
          <SignupTable rows={d.waitlist} by="member" ordered />
          <h3>{t.cancelledList(d.cancelled.length)}</h3>
          <SignupTable rows={d.cancelled} by="member" />
          <h3>{t.attendanceList}</h3>
          <p>{t.attendanceTotals(members, walkIns)}</p>
          <AttendanceTable rows={d.attendance} by="member" />
        </>
      )}
    </section>
  );
}
