import { useState } from 'preact/hooks';
import {
  SUGGESTION_SORTS,
  SUGGESTION_STATUS_FILTERS,
  type SuggestionListQuery,
  type SuggestionSummary,
} from '../protocol/console-suggestions';
import { SUGGESTION_CATEGORIES } from '../protocol/wishes';
import { Notice } from './Notice';
import './suggestions.css';
import { SuggestionDetail } from './SuggestionDetail';
import { suggestionsApi, suggestionsT } from './suggestions-api';
import { Time } from './Time';
import { useLoad } from './use-load';
import { useStations } from './use-directory';

const PAGE = 50;
type Filters = Omit<SuggestionListQuery, 'offset' | 'limit'>;
const SORT_CHOICES = ['age-asc', 'age-desc', 'updated-desc', 'station-asc', 'category-asc', 'status-asc'] as const;

const daysSince = (iso: string) => Math.floor((Date.now() - Date.parse(iso)) / 86_400_000);

/** 意见建议: the district's queue by topic, station, status and age, paged and sorted on the server; a row opens it. */
export function SuggestionsPage() {
  const s = suggestionsT();
  const stations = useStations();
  const assignees = useLoad(() => suggestionsApi.assignees().then((r) => r.admins), 'assignees').data ?? [];
  const [filters, setFilters] = useState<Filters>({ status: 'open' });
  const [offset, setOffset] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const query: SuggestionListQuery = { ...filters, offset: String(offset), limit: String(PAGE) };
  const list = useLoad(() => suggestionsApi.list(query), JSON.stringify(query));
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };
  if (openId) {
    return (
      <SuggestionDetail
        id={openId}
        assignees={assignees}
        onBack={() => {
          setOpenId(null);
          list.reload();
        }}
      />
    );
  }
  const data = list.data;
  const sortKey = `${filters.sort ?? 'age'}-${filters.order ?? 'asc'}`;
  return (
    <section class="suggestions-page">
      <h1>{s.tab}</h1>
      {data && (
        <p class="figures" data-testid="suggestion-figures">
          <strong>{s.figures(data.figures.collected, data.figures.resolved)}</strong>
          <span class="sub">
            {s.figuresMore(data.figures.received, data.figures.inProgress, data.figures.declined)}
          </span>
        </p>
      )}
      <form class="inline filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {s.category}
          <select
            value={filters.category ?? ''}
            onChange={(e) => set({ category: SUGGESTION_CATEGORIES.find((c) => c === e.currentTarget.value) })}
          >
            <option value="">{s.allCategories}</option>
            {SUGGESTION_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {s.categories[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.station}
          <select value={filters.station ?? ''} onChange={(e) => set({ station: e.currentTarget.value || undefined })}>
            <option value="">{s.allStations}</option>
            {stations.map((st) => (
              <option key={st.id} value={st.id}>
                {st.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.status}
          <select
            value={filters.status ?? ''}
            onChange={(e) => set({ status: SUGGESTION_STATUS_FILTERS.find((x) => x === e.currentTarget.value) })}
          >
            <option value="">{s.allStatuses}</option>
            {SUGGESTION_STATUS_FILTERS.map((x) => (
              <option key={x} value={x}>
                {x === 'open' ? s.openStatuses : s.statuses[x]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.assignee}
          <select
            value={filters.assignee ?? ''}
            onChange={(e) => set({ assignee: e.currentTarget.value || undefined })}
          >
            <option value="">{s.anyAssignee}</option>
            <option value="-">{s.unassigned}</option>
            {assignees.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.age}
          <select
            value={filters.olderThan ?? ''}
            onChange={(e) => set({ olderThan: e.currentTarget.value || undefined })}
          >
            <option value="">{s.anyAge}</option>
            {['7', '30', '90'].map((d) => (
              <option key={d} value={d}>
                {s.olderThan(Number(d))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.sort}
          <select
            value={sortKey}
            onChange={(e) => {
              const [sort, order] = e.currentTarget.value.split('-');
              set({
                sort: SUGGESTION_SORTS.find((x) => x === sort),
                order: order === 'desc' ? 'desc' : 'asc',
              });
            }}
          >
            {SORT_CHOICES.map((k) => (
              <option key={k} value={k}>
                {s.sorts[k]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Notice text={list.error} tone="error" />
      {data && <Paging offset={data.offset} limit={data.limit} total={data.total} onOffset={setOffset} />}
      {data && data.suggestions.length === 0 && <p class="hint">{s.empty}</p>}
      {data && data.suggestions.length > 0 && (
        <SuggestionTable rows={data.suggestions} busy={list.loading} onOpen={setOpenId} />
      )}
    </section>
  );
}

function SuggestionTable({
  rows,
  busy,
  onOpen,
}: {
  rows: SuggestionSummary[];
  busy: boolean;
  onOpen: (id: string) => void;
}) {
  const s = suggestionsT();
  return (
    <table aria-busy={busy} class="suggestion-table">
      <thead>
        <tr>
          <th>{s.colReceived}</th>
          <th>{s.colStation}</th>
          <th>{s.colCategory}</th>
          <th>{s.colText}</th>
          <th>{s.colStatus}</th>
          <th>{s.colAssignee}</th>
          <th>{s.colPhoto}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              {s.daysAgo(daysSince(r.createdAt))}
              <small class="sub">
                <Time iso={r.createdAt} />
              </small>
            </td>
            <td>{r.stationName}</td>
            <td>{s.categories[r.category]}</td>
            <td class="clip-text" title={r.text}>
              {r.text}
            </td>
            <td>
              <span class={`tag status-${r.status}`}>{s.statuses[r.status]}</span>
            </td>
            <td>{r.assignedTo ?? '—'}</td>
            <td>{r.photo ? s.hasPhoto : '—'}</td>
            <td class="row-actions">
              <button type="button" onClick={() => onOpen(r.id)}>
                {s.open}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Paging({
  offset,
  limit,
  total,
  onOffset,
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const s = suggestionsT();
  const to = Math.min(offset + limit, total);
  return (
    <nav class="pager top" aria-label={s.pageOf(offset + 1, to, total)}>
      <span>{s.pageOf(offset + 1, to, total)}</span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {s.prevPage}
      </button>
      <button type="button" disabled={to >= total} onClick={() => onOffset(offset + limit)}>
        {s.nextPage}
      </button>
    </nav>
  );
}
