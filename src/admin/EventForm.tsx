import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { peopleT as t } from './console-lang';
import {
  EventCreateRequestSchema,
  EventEditRequestSchema,
  type EventCreateRequest,
  type EventEditRequest,
  type EventSummary,
} from '../protocol/console-people';
import { EVENT_KINDS, type EventKind } from '../protocol/people';
import type { StationRecord } from '../protocol/schemas';
import { fromLocalInput, toLocalInput } from './admin-time';
import { Notice } from './Notice';
import type { Outcome } from './use-action';

interface Draft {
  kind: EventKind;
  title: string;
  description: string;
  stationId: string;
  starts: string;
  ends: string;
  capacity: string;
}

function draftOf(e: EventSummary | null, stations: StationRecord[]): Draft {
  if (!e)
    return {
      kind: 'training',
      title: '',
      description: '',
      stationId: stations[0]?.id ?? '',
      starts: '',
      ends: '',
      capacity: '30',
    };
  return {
    kind: e.kind,
    title: e.title,
    description: e.description ?? '',
    stationId: e.stationId,
    starts: toLocalInput(e.startsAt),
    ends: toLocalInput(e.endsAt),
    capacity: String(e.capacity),
  };
}

/** The request the draft makes, or the Chinese sentence saying what to fix. */
/** What the form asks the server for: a new event, or an edit of the one being edited. */
export type EventRequest = { op: 'create'; body: EventCreateRequest } | { op: 'edit'; body: EventEditRequest };

function requestOf(
  d: Draft,
  editing: EventSummary | null,
): ({ ok: true } & EventRequest) | { ok: false; error: string } {
  if (!d.title.trim()) return { ok: false, error: t.needTitle };
  if (!editing && !d.stationId) return { ok: false, error: t.needStation };
  const startsAt = fromLocalInput(d.starts);
  const endsAt = fromLocalInput(d.ends);
  if (!startsAt || !endsAt) return { ok: false, error: t.missingTime };
  if (endsAt <= startsAt) return { ok: false, error: t.endBeforeStart };
  const capacity = Number(d.capacity);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10000) return { ok: false, error: t.badCapacity };
  if (d.description.length > 1000) return { ok: false, error: t.descriptionTooLong };
  const fields = { kind: d.kind, title: d.title.trim(), description: d.description.trim(), startsAt, endsAt, capacity };
  // The contract's own schema is the last word (hidden characters in a title, …).
  if (editing) {
    const parsed = v.safeParse(EventEditRequestSchema, { ...fields, version: editing.version });
    return parsed.success ? { ok: true, op: 'edit', body: parsed.output } : { ok: false, error: t.needTitle };
  }
  const parsed = v.safeParse(EventCreateRequestSchema, { ...fields, stationId: d.stationId });
  return parsed.success ? { ok: true, op: 'create', body: parsed.output } : { ok: false, error: t.needTitle };
}

/** Schedules a new event or edits one; the submit button stays disabled while the request is in flight. */
export function EventForm({
  editing,
  stations,
  busy,
  outcome,
  onSubmit,
  onInvalid,
  onClose,
}: {
  editing: EventSummary | null;
  stations: StationRecord[];
  busy: boolean;
  outcome: Outcome | null;
  onSubmit: (request: EventRequest) => void;
  onInvalid: (error: string) => void;
  onClose: () => void;
}) {
  const [draft, setD] = useState<Draft>(() => draftOf(editing, stations));
  // Stations may arrive after the form opened: the first one is the default until the admin picks.
  const d = draft.stationId ? draft : { ...draft, stationId: stations[0]?.id ?? '' };
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  return (
    <form
      class="event-form panel"
      aria-label={editing ? t.editing(editing.title) : t.schedule}
      // The form says what is wrong in Chinese itself; the browser's bubbles follow its own UI language.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const r = requestOf(d, editing);
        if (r.ok) onSubmit(r);
        else onInvalid(r.error);
      }}
    >
      <h2>{editing ? t.editing(editing.title) : t.schedule}</h2>
      <div class="grid">
        <label>
          {t.kind}
          <select
            value={d.kind}
            onChange={(e) => set({ kind: EVENT_KINDS.find((k) => k === e.currentTarget.value) ?? 'training' })}
          >
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.eventKinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label class="span2">
          {t.title}
          <input required maxLength={80} value={d.title} onInput={(e) => set({ title: e.currentTarget.value })} />
        </label>
        <label>
          {t.station}
          <select
            value={d.stationId}
            disabled={!!editing}
            title={editing ? t.stationFixed : undefined}
            onChange={(e) => set({ stationId: e.currentTarget.value })}
          >
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.startsAt}
          <input
            type="datetime-local"
            required
            value={d.starts}
            onInput={(e) => set({ starts: e.currentTarget.value })}
          />
        </label>
        <label>
          {t.endsAt}
          <input type="datetime-local" required value={d.ends} onInput={(e) => set({ ends: e.currentTarget.value })} />
        </label>
        <label>
          {t.capacity}
          <input
            type="number"
            min={1}
            max={10000}
            step={1}
            required
            value={d.capacity}
            onInput={(e) => set({ capacity: e.currentTarget.value })}
          />
        </label>
        <label class="span4">
          {t.description}
          <textarea
            rows={3}
            maxLength={1000}
            value={d.description}
            onInput={(e) => set({ description: e.currentTarget.value })}
          />
        </label>
      </div>
      <Notice text={outcome?.text ?? ''} tone={outcome?.tone} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? (editing ? t.saving : t.creating) : editing ? t.save : t.create}
        </button>
        <button type="button" onClick={onClose}>
          {t.cancelEdit}
        </button>
      </div>
    </form>
  );
}
