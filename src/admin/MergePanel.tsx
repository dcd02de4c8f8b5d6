import { useState } from 'preact/hooks';
import { peopleT as t } from './console-lang';
import type { MemberSummary } from '../protocol/console-people';
import { formatTime } from './admin-time';
import { ConfirmBar } from './ConfirmBar';
import { Notice } from './Notice';
import { peopleApi } from './people-api';
import { useAction } from './use-action';

const label = (m: MemberSummary) => `${m.name}（${m.memberNo}）`;

/**
 * Merge a duplicate registration into this member, or this one into it: find the other, pick
 * which stays, read the sentence, confirm. The parent runs the merge and reports the outcome.
 */
export function MergePanel({
  member,
  busy,
  onMerge,
}: {
  member: MemberSummary;
  busy: boolean;
  onMerge: (survivor: MemberSummary, alias: MemberSummary) => void;
}) {
  const search = useAction();
  const [q, setQ] = useState('');
  const [candidates, setCandidates] = useState<MemberSummary[] | null>(null);
  const [other, setOther] = useState<MemberSummary | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const survivor = other && (keepThis ? member : other);
  const alias = other && (keepThis ? other : member);
  return (
    <section class="panel">
      <h3>{t.merge}</h3>
      <p class="hint">{t.mergeHint}</p>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setOther(null);
          setConfirming(false);
          void search.run(
            () => peopleApi.members({ q: q.trim() || member.phoneLast4, limit: '20' }),
            (r) => setCandidates(r.members.filter((m) => m.id !== member.id && !m.mergedInto)),
          );
        }}
      >
        <label class="grow">
          {t.mergeOther}
          <input value={q} placeholder={member.phoneLast4} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={search.busy}>
          {t.findOther}
        </button>
      </form>
      <Notice text={search.outcome?.text ?? ''} tone={search.outcome?.tone} />
      {candidates && candidates.length === 0 && <p>{t.noCandidates}</p>}
      {candidates && candidates.length > 0 && (
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
            {candidates.map((m) => (
              <tr key={m.id} class={other?.id === m.id ? 'picked' : ''}>
                <td class="mono">{m.memberNo}</td>
                <td>{m.name}</td>
                <td class="mono">{m.phoneMasked}</td>
                <td>{m.stationName}</td>
                <td>{formatTime(m.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    aria-pressed={other?.id === m.id}
                    onClick={() => {
                      setOther(m);
                      // The earlier registration stays by default, as when the server merges a phone's second one.
                      setKeepThis(member.createdAt <= m.createdAt);
                      setConfirming(false);
                    }}
                  >
                    {t.pick}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {other && survivor && alias && (
        <fieldset class="keep">
          <legend>{t.keep}</legend>
          {[member, other].map((m) => (
            <label key={m.id} class="check">
              <input
                type="radio"
                name="keep"
                checked={(m.id === member.id) === keepThis}
                onChange={() => setKeepThis(m.id === member.id)}
              />
              {t.keepThis(label(m))} · {m.stationName} · {formatTime(m.createdAt)}
            </label>
          ))}
          {confirming ? (
            <ConfirmBar
              text={t.mergeConfirm(label(alias), label(survivor))}
              action={t.confirmMerge}
              busy={busy}
              onCancel={() => setConfirming(false)}
              onConfirm={() => onMerge(survivor, alias)}
            />
          ) : (
            <button type="button" class="primary" onClick={() => setConfirming(true)}>
              {t.merge}…
            </button>
          )}
        </fieldset>
      )}
    </section>
  );
}
