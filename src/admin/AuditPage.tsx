import { useState } from 'preact/hooks';
import { AUDIT_ACTIONS, type AuditAction } from '../protocol/audit';
import { adminApi } from './admin-api';
import { accessT as t, countText, deviceLabel, peopleT } from './console-lang';
import { Notice } from './Notice';
import { Time } from './Time';
import { useLoad } from './use-load';

const PAGE = 50;

interface Filters {
  who: string;
  action: string;
  /** Days (`2026-11-29`) in the admin's own time zone; `to` included. */
  from: string;
  to: string;
}
const NONE: Filters = { who: '', action: '', from: '', to: '' };

/** The admin's local midnight of a day, as an instant; `plusDays` moves it (an inclusive end becomes exclusive). */
function dayStart(day: string, plusDays = 0): string {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

function query(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.who.trim()) p.set('actor', f.who.trim());
  if (f.action) p.set('action', f.action);
  if (f.from) p.set('from', dayStart(f.from));
  if (f.to) p.set('to', dayStart(f.to, 1));
  return p;
}

/** `admin:alice` → alice; the command line and API tokens said as such. */
function actorText(actor: string): string {
  if (actor === 'cli') return t.actorCli;
  return actor.startsWith('admin:') ? actor.slice('admin:'.length) : actor;
}

/** Ids in a detail (stations, devices) said by name where the console knows them: `station 3f9a…` → `station 康民药店分站`. */
function readable(detail: string, names: Map<string, string>): string {
  return detail.replace(/\b[0-9a-f]{24}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, (id) =>
    names.has(id) ? `“${names.get(id)}”` : id,
  );
}

const actionText = (a: string) => (Object.hasOwn(t.actions, a) ? t.actions[a as AuditAction] : a);

/** The audit log for district admins: who did what, when and from where; filtered, paged, downloadable. */
export function AuditPage() {
  const [form, setForm] = useState<Filters>(NONE);
  const [applied, setApplied] = useState<Filters>(NONE);
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState('');
  const params = query(applied);
  const pageParams = new URLSearchParams(params);
  pageParams.set('offset', String(offset));
  pageParams.set('limit', String(PAGE));
  const log = useLoad(() => adminApi.audit(pageParams), pageParams.toString());
  const known = useLoad(async () => {
    const [s, d] = await Promise.all([adminApi.stations(), adminApi.devices()]);
    return new Map([
      ...s.stations.map((x) => [x.id, x.name] as const),
      ...d.devices.map((x) => [x.id, deviceLabel(x)] as const),
    ]);
  }, 'names');
  const names = known.data ?? new Map<string, string>();
  const entries = log.data?.entries ?? [];
  const total = log.data?.total ?? 0;
  const set = (patch: Partial<Filters>) => setForm((f) => ({ ...f, ...patch }));
  const to = Math.min(offset + PAGE, total);

  function search(e: Event) {
    e.preventDefault();
    if (form.from && form.to && form.to < form.from) return setProblem(t.rangeBackwards);
    setProblem('');
    // The same filters on the first page: the key does not change, so load again by hand.
    if (JSON.stringify(form) === JSON.stringify(applied) && offset === 0) log.reload();
    setApplied(form);
    setOffset(0);
  }

  const pager = (where: string) => (
    <nav class="pager" aria-label={where}>
      <span>{t.pageOf(offset + 1, to, total)}</span>
      <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
        {peopleT.prevPage}
      </button>
      <button type="button" disabled={to >= total} onClick={() => setOffset(offset + PAGE)}>
        {peopleT.nextPage}
      </button>
    </nav>
  );

  return (
    <section class="audit">
      <h2>{t.audit}</h2>
      <p class="hint">{t.auditHint(log.data?.retentionDays ?? 365)}</p>
      <form class="inline filters" onSubmit={search}>
        <label>
          {t.who}
          <input
            value={form.who}
            maxLength={100}
            placeholder={t.whoHint}
            onInput={(e) => set({ who: e.currentTarget.value })}
          />
        </label>
        <label>
          {t.action}
          <select value={form.action} onChange={(e) => set({ action: e.currentTarget.value })}>
            <option value="">{t.allActions}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t.actions[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.from}
          <input type="date" value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          {t.to}
          <input type="date" value={form.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <button type="submit" class="primary" disabled={log.loading}>
          {t.search}
        </button>
        <button
          type="button"
          onClick={() => {
            setForm(NONE);
            setApplied(NONE);
            setOffset(0);
            setProblem('');
          }}
        >
          {t.reset}
        </button>
      </form>
      <Notice text={problem || log.error} tone="error" />
      <section class="downloads" aria-label={t.download}>
        <a class="button primary" href={`/api/v1/admin/audit/export?format=csv&${params}`} download>
          {t.download} ({countText(total)})
        </a>
        <a class="button" href={`/api/v1/admin/audit/export?format=ndjson&${params}`} download>
          {t.downloadNdjson}
        </a>
      </section>
      {pager('top')}
      <table class="audit-log">
        <thead>
          <tr>
            <th>{t.at}</th>
            <th>{t.who}</th>
            <th>{t.action}</th>
            <th>{t.address}</th>
            <th>{t.detail}</th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 && !log.loading && (
            <tr>
              <td colSpan={5}>{t.noEntries}</td>
            </tr>
          )}
          {entries.map((e) => (
            <tr key={e.seq} class={e.action === 'access_refused' || e.action === 'sign_in_failed' ? 'flagged' : ''}>
              <td>
                <Time iso={e.at} />
              </td>
              <td>{actorText(e.actor)}</td>
              <td>{actionText(e.action)}</td>
              <td>{e.address ?? '—'}</td>
              <td class="wrap detail" title={e.detail}>
                {readable(e.detail ?? '', names)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager('bottom')}
    </section>
  );
}
