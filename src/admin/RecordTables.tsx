import { peopleT as t } from './console-lang';
import type { AttendanceRow, SignupRow } from '../protocol/console-people';
import { formatTime } from './admin-time';

/** Said instead of an empty table, so a page of empty sections stays short. */
export function NoneYet() {
  return <p class="empty">{t.none}</p>;
}

/** Sign-ups, named by their event (on a member's page) or by their member (on an event's page). */
export function SignupTable({
  rows,
  by,
  ordered = false,
}: {
  rows: SignupRow[];
  by: 'event' | 'member';
  ordered?: boolean;
}) {
  if (rows.length === 0) return <NoneYet />;
  return (
    <table>
      <thead>
        <tr>
          {ordered && <th>{t.order}</th>}
          {by === 'event' ? <th>{t.event}</th> : <th>{t.memberNo}</th>}
          {by === 'member' && <th>{t.name}</th>}
          <th>{t.status}</th>
          <th>{t.station}</th>
          <th>{t.signedUpAt}</th>
          <th>{t.receivedAt}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id}>
            {ordered && <td>{r.waitlistPosition ?? i + 1}</td>}
            {by === 'event' ? (
              <td>
                {r.eventTitle}
                {r.recordedMemberId !== r.memberId && <span class="tag">{t.viaAlias}</span>}
              </td>
            ) : (
              <td class="mono">{r.memberNo}</td>
            )}
            {by === 'member' && <td>{r.memberName}</td>}
            <td>
              {r.status === 'waitlisted' && r.waitlistPosition
                ? t.waitlistNo(r.waitlistPosition)
                : t.signupStatuses[r.status]}
              {r.sameAs && <span class="tag">{t.duplicateOf}</span>}
            </td>
            <td>{r.stationName}</td>
            <td>{formatTime(r.createdAt)}</td>
            <td>{formatTime(r.receivedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Attendance records: members and walk-in counts; withdrawn ones (corrections) struck through. */
export function AttendanceTable({ rows, by }: { rows: AttendanceRow[]; by: 'event' | 'member' }) {
  if (rows.length === 0) return <NoneYet />;
  return (
    <table>
      <thead>
        <tr>
          {by === 'event' && <th>{t.event}</th>}
          <th>{t.who}</th>
          <th>{t.recordedAt}</th>
          <th>{t.receivedAt}</th>
          <th>{t.status}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} class={r.withdrawn ? 'withdrawn' : ''}>
            {by === 'event' && <td>{r.eventTitle}</td>}
            <td>
              {r.memberId ? `${r.memberName ?? ''}（${r.memberNo ?? ''}）` : t.walkIns(r.count)}
              {r.recordedMemberId !== r.memberId && <span class="tag">{t.viaAlias}</span>}
            </td>
            <td>{formatTime(r.createdAt)}</td>
            <td>{formatTime(r.receivedAt)}</td>
            <td>{r.withdrawn ? t.withdrawn : r.withdraws ? t.correction : t.valid}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
