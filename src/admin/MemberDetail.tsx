import { useState } from 'preact/hooks';
import { can } from './console-access';
import { listText, peopleT as t, serviceNames } from './console-lang';
import type { MemberDetailResponse, MemberSummary } from '../protocol/console-people';
import { isServiceId } from '../protocol/services';
import { formatTime } from './admin-time';
import { ConfirmBar } from './ConfirmBar';
import { MergePanel } from './MergePanel';
import { Notice } from './Notice';
import { AttendanceTable, NoneYet, SignupTable } from './RecordTables';
import { peopleApi } from './people-api';
import { useAction } from './use-action';
import { useLoad } from './use-load';

const serviceName = (s: string) => (isServiceId(s) ? serviceNames[s] : s);

/** One member: who they are, their visits, sign-ups and attendance, and merge / split of duplicate registrations. */
export function MemberDetail({
  id,
  onOpen,
  onBack,
  onErased,
}: {
  id: string;
  /** Shows another member (the survivor after a merge). */
  onOpen: (id: string) => void;
  onBack: () => void;
  /** The member was deleted at their request: back to the list, saying so. */
  onErased: (message: string) => void;
}) {
  const detail = useLoad(() => peopleApi.member(id), id);
  const action = useAction();
  const [splitting, setSplitting] = useState<MemberSummary | null>(null);
  const [erasing, setErasing] = useState(false);
  const d = detail.data;
  return (
    <section class="detail">
      <button type="button" class="link back" onClick={onBack}>
        ← {t.back}
      </button>
      <Notice text={detail.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      {d && (
        <>
          <h2>{t.memberTitle(d.member.name, d.member.memberNo)}</h2>
          {d.resolvedFrom && <p class="hint">{t.resolvedFrom(d.resolvedFrom)}</p>}
          <Facts d={d} />
          <h3>{t.visitsOf(d.visits.length)}</h3>
          {d.visits.length === 0 ? (
            <NoneYet />
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t.time}</th>
                  <th>{t.station}</th>
                  <th>{t.services}</th>
                </tr>
              </thead>
              <tbody>
                {d.visits.map((visit) => (
                  <tr key={visit.id}>
                    <td>
                      {formatTime(visit.createdAt)}
                      {visit.recordedMemberId !== d.member.id && <span class="tag">{t.viaAlias}</span>}
                    </td>
                    <td>{visit.stationName}</td>
                    <td>{listText(visit.services.map(serviceName))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t.signupsOf(d.signups.length)}</h3>
          <SignupTable rows={d.signups} by="event" />
          <h3>{t.attendanceOf(d.attendance.length)}</h3>
          <AttendanceTable rows={d.attendance} by="event" />
          <h3>{t.aliasesOf(d.aliases.length)}</h3>
          {splitting && (
            <ConfirmBar
              text={t.splitConfirm(splitting.memberNo)}
              action={t.confirmSplit}
              busy={action.busy}
              onCancel={() => setSplitting(null)}
              onConfirm={() =>
                void action.run(
                  () => peopleApi.split(splitting.id),
                  () => {
                    setSplitting(null);
                    detail.reload();
                    return t.splitDone(splitting.memberNo);
                  },
                )
              }
            />
          )}
          {d.aliases.length === 0 ? (
            <NoneYet />
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t.memberNo}</th>
                  <th>{t.name}</th>
                  <th>{t.phone}</th>
                  <th>{t.station}</th>
                  <th>{t.registeredAt}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.aliases.map((a) => (
                  <tr key={a.id}>
                    <td class="mono">{a.memberNo}</td>
                    <td>{a.name}</td>
                    <td class="mono">{a.phoneMasked}</td>
                    <td>{a.stationName}</td>
                    <td>{formatTime(a.createdAt)}</td>
                    <td>
                      {can('write') && (
                        <button type="button" disabled={action.busy} onClick={() => setSplitting(a)}>
                          {t.split}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!d.member.mergedInto && can('write') && (
            <MergePanel
              key={`${d.member.id}:${d.aliases.length}`}
              member={d.member}
              busy={action.busy}
              onMerge={(survivor, alias) =>
                void action.run(
                  () => peopleApi.merge(survivor.id, alias.id),
                  (r) => {
                    if (r.member.id === id) detail.reload();
                    else onOpen(r.member.id);
                    return t.mergeDone(alias.memberNo, survivor.memberNo);
                  },
                )
              }
            />
          )}
          <h3>{t.erase}</h3>
          <p class="hint">{t.eraseHint}</p>
          {erasing ? (
            <ConfirmBar
              text={t.eraseConfirm(d.member.memberNo)}
              action={t.confirmErase}
              busy={action.busy}
              onCancel={() => setErasing(false)}
              onConfirm={() =>
                void action.run(
                  () => peopleApi.deleteMember(d.member.id),
                  () => {
                    setErasing(false);
                    onErased(t.eraseDone(d.member.memberNo));
                    return t.eraseDone(d.member.memberNo);
                  },
                )
              }
            />
          ) : (
            <button type="button" class="danger" disabled={action.busy} onClick={() => setErasing(true)}>
              {t.erase}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Who the member is, as a two-column list. */
function Facts({ d }: { d: MemberDetailResponse }) {
  const m = d.member;
  const rows: [string, string][] = [
    [t.phone, m.phoneMasked],
    [t.occupation, t.occupations[m.occupation]],
    [t.platform, m.platform ?? '—'],
    [t.partyStatus, t.partyStatusOf(m.partyMember, m.mobileParty)],
    [t.branch, m.branchName ?? '—'],
    [t.homeOrg, m.homeOrg ?? '—'],
    [t.station, m.stationName],
    [t.registeredAt, formatTime(m.createdAt)],
    [t.consent, t.consentOf(d.consentVersion, formatTime(d.consentAt))],
  ];
  return (
    <dl class="facts">
      {rows.map(([k, val]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{val}</dd>
        </div>
      ))}
    </dl>
  );
}
