import { can } from './console-access';
import { useEffect, useState } from 'preact/hooks';
import { SUGGESTION_TRANSITIONS, type SuggestionStatus } from '../protocol/wishes';
import type { SuggestionSummary, SuggestionUpdateRequest } from '../protocol/console-suggestions';
import { Notice } from './Notice';
import { suggestionErrorText, suggestionsApi, suggestionsT } from './suggestions-api';
import { Time } from './Time';
import { useAction } from './use-action';
import { useLoad } from './use-load';

/** One suggestion: its text and photo, and the district's answer — assignee, reply, status — each saved on its own. */
export function SuggestionDetail({ id, assignees, onBack }: { id: string; assignees: string[]; onBack: () => void }) {
  const s = suggestionsT();
  const loaded = useLoad(() => suggestionsApi.one(id).then((r) => r.suggestion), id);
  const [held, setHeld] = useState<SuggestionSummary | null>(null);
  const [reply, setReply] = useState('');
  const [assignee, setAssignee] = useState('');
  const action = useAction();
  const current = held ?? loaded.data ?? null;
  useEffect(() => {
    if (!loaded.data) return;
    setHeld(loaded.data);
    setReply(loaded.data.reply ?? '');
    setAssignee(loaded.data.assignedTo ?? '');
  }, [loaded.data]);

  if (!current) {
    return (
      <section class="detail">
        <button type="button" class="back link" onClick={onBack}>
          ← {s.back}
        </button>
        <Notice text={loaded.error} tone="error" />
      </section>
    );
  }

  function save(change: Omit<SuggestionUpdateRequest, 'version'>, said: (r: SuggestionSummary) => string) {
    void action.run(
      () => suggestionsApi.update(current!.id, { version: current!.version, ...change }),
      (r) => {
        setHeld(r.suggestion);
        setReply(r.suggestion.reply ?? '');
        setAssignee(r.suggestion.assignedTo ?? '');
        return said(r.suggestion);
      },
      (err) => {
        action.fail(suggestionErrorText(err));
        // Someone else changed it: show theirs, so the next action is based on it.
        loaded.reload();
      },
    );
  }

  const nextStatuses = SUGGESTION_TRANSITIONS[current.status] ?? [];
  const replyChanged = reply.trim() !== (current.reply ?? '');
  const withReply = (status: SuggestionStatus): Omit<SuggestionUpdateRequest, 'version'> =>
    replyChanged && reply.trim() ? { status, reply } : { status };
  const facts: [string, preact.ComponentChildren][] = [
    [
      s.colStatus,
      <span class={`tag status-${current.status}`} data-testid="detail-status">
        {s.statuses[current.status]}
      </span>,
    ],
    [s.colStation, current.stationName],
    [s.colCategory, s.categories[current.category]],
    [s.colReceived, <Time iso={current.createdAt} />],
    [s.from, current.fromMember ? s.fromMember : s.anonymous],
    [s.updatedAt, <Time iso={current.updatedAt} />],
    ...(current.repliedAt
      ? [[s.repliedAt, <Time iso={current.repliedAt} />] as [string, preact.ComponentChildren]]
      : []),
  ];
  return (
    <section class="detail suggestion-detail">
      <button type="button" class="back link" onClick={onBack}>
        ← {s.back}
      </button>
      <h2>{s.detailTitle(current.receiptCode)}</h2>
      <dl class="facts">
        {facts.map(([k, val]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </div>
        ))}
      </dl>
      <div class="panel">
        <h3>{s.text}</h3>
        <p class="description">{current.text}</p>
        <h3>{s.photo}</h3>
        {current.photo ? (
          <figure class="suggestion-photo">
            <img src={suggestionsApi.photoUrl(current.id)} alt={s.photoAlt} />
            <figcaption class="sub">{s.photoSize(Math.max(1, Math.round(current.photo.bytes / 1024)))}</figcaption>
          </figure>
        ) : (
          <p class="hint">{s.noPhoto}</p>
        )}
      </div>
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone ?? 'info'} />
      {can('write') && (
        <>
          <div class="panel">
            <form
              class="inline"
              onSubmit={(e) => {
                e.preventDefault();
                save({ assignedTo: assignee || null }, (r) =>
                  r.assignedTo ? s.assigned(r.assignedTo) : s.unassignedDone,
                );
              }}
            >
              <label>
                {s.assign}
                <select value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
                  <option value="">{s.assignNobody}</option>
                  {[...new Set([...assignees, ...(current.assignedTo ? [current.assignedTo] : [])])].map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={action.busy}>
                {s.assignSave}
              </button>
            </form>
          </div>
          <div class="panel">
            <label class="reply-field">
              {s.reply}
              <textarea rows={4} maxLength={1000} value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
            </label>
            <div class="row-actions">
              <button
                type="button"
                disabled={action.busy || !replyChanged}
                onClick={() => save({ reply }, () => s.replied)}
              >
                {s.replySave}
              </button>
            </div>
          </div>
          <div class="panel">
            {nextStatuses.length === 0 ? (
              <p class="hint">{s.finalStatus}</p>
            ) : (
              <div class="row-actions">
                <span>{s.moveTo}</span>
                {nextStatuses.map((to) => (
                  <button
                    type="button"
                    key={to}
                    class={to === 'resolved' ? 'primary' : ''}
                    disabled={action.busy}
                    onClick={() => {
                      if ((to === 'resolved' || to === 'declined') && !reply.trim()) {
                        action.fail(s.replyNeeded);
                        return;
                      }
                      save(withReply(to), (r) => s.moved(s.statuses[r.status]));
                    }}
                  >
                    {s.statuses[to]}
                  </button>
                ))}
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
