import { useState } from 'preact/hooks';
import { peopleT as t } from './console-lang';
import type { MemberListQuery, MemberSummary } from '../protocol/console-people';
import { OCCUPATIONS, maskName } from '../protocol/people';
import { formatTime } from './admin-time';
import { ExportDownloads } from './ExportDownloads';
import { MemberDetail } from './MemberDetail';
import { Notice } from './Notice';
import { Pager } from './Pager';
import { peopleApi } from './people-api';
import { usePartyOrgs, useStations } from './use-directory';
import { useLoad } from './use-load';

const PAGE = 50;

type Filters = Omit<MemberListQuery, 'offset' | 'limit'>;

/** Members of the district: search, filters, server-side paging; a row opens the member's detail. */
export function MembersPage() {
  const stations = useStations();
  const orgs = usePartyOrgs();
  const [draft, setDraft] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [offset, setOffset] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [erased, setErased] = useState('');
  const query: MemberListQuery = { ...filters, offset: String(offset), limit: String(PAGE) };
  const list = useLoad(() => peopleApi.members(query), JSON.stringify(query));
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };
  if (openId) {
    return (
      <MemberDetail
        id={openId}
        onOpen={setOpenId}
        onBack={() => {
          setOpenId(null);
          list.reload();
        }}
        onErased={(message) => {
          setErased(message);
          setOpenId(null);
          list.reload();
        }}
      />
    );
  }
  const members = list.data?.members ?? [];
  return (
    <section>
      <Notice text={erased} tone="ok" />
      <form
        class="inline filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: draft.trim() || undefined });
        }}
      >
        <label class="grow">
          {t.search}
          <input
            type="search"
            placeholder={t.searchHint}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{t.search}</button>
        <label>
          {t.station}
          <select value={filters.station ?? ''} onChange={(e) => set({ station: e.currentTarget.value || undefined })}>
            <option value="">{t.allStations}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.occupation}
          <select
            value={filters.occupation ?? ''}
            onChange={(e) => set({ occupation: OCCUPATIONS.find((o) => o === e.currentTarget.value) })}
          >
            <option value="">{t.allOccupations}</option>
            {OCCUPATIONS.map((o) => (
              <option key={o} value={o}>
                {t.occupations[o]}
              </option>
            ))}
          </select>
        </label>
        <YesNo label={t.partyMember} value={filters.party} onChange={(party) => set({ party })} />
        <YesNo label={t.mobileParty} value={filters.mobile} onChange={(mobile) => set({ mobile })} />
        <label>
          {t.branch}
          <select value={filters.branch ?? ''} onChange={(e) => set({ branch: e.currentTarget.value || undefined })}>
            <option value="">{t.allBranches}</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.archived ? `${o.name}（${t.archived}）` : o.name}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.merged === 'true'}
            onChange={(e) => set({ merged: e.currentTarget.checked ? 'true' : undefined })}
          />
          {t.showMerged}
        </label>
      </form>
      <Notice text={list.error} tone="error" />
      {list.data && (
        <Pager top offset={list.data.offset} limit={list.data.limit} total={list.data.total} onOffset={setOffset} />
      )}
      <MemberTable members={members} busy={list.loading} onOpen={setOpenId} />
      {list.data && (
        <Pager offset={list.data.offset} limit={list.data.limit} total={list.data.total} onOffset={setOffset} />
      )}
      <ExportDownloads names={['members']} station={filters.station} personal />
    </section>
  );
}

/** A three-way filter: any, yes, no (sent as `true` / `false`). */
function YesNo({
  label,
  value,
  onChange,
}: {
  label: string;
  value: 'true' | 'false' | undefined;
  onChange: (v: 'true' | 'false' | undefined) => void;
}) {
  return (
    <label>
      {label}
      <select
        value={value ?? ''}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange(v === 'true' || v === 'false' ? v : undefined);
        }}
      >
        <option value="">{t.any}</option>
        <option value="true">{t.yes}</option>
        <option value="false">{t.no}</option>
      </select>
    </label>
  );
}

function MemberTable({
  members,
  busy,
  onOpen,
}: {
  members: MemberSummary[];
  busy: boolean;
  onOpen: (id: string) => void;
}) {
  return (
    <table aria-busy={busy}>
      <thead>
        <tr>
          <th>{t.memberNo}</th>
          <th>{t.name}</th>
          <th>{t.phone}</th>
          <th>{t.occupation}</th>
          <th>{t.platform}</th>
          <th>{t.partyStatus}</th>
          <th>{t.station}</th>
          <th>{t.registeredAt}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {members.length === 0 && !busy && (
          <tr>
            <td colSpan={9}>{t.noMembers}</td>
          </tr>
        )}
        {members.map((m) => (
          <tr key={m.id} class={m.mergedInto ? 'muted' : ''}>
            <td class="mono">
              {m.memberNo}
              {m.mergedInto && <span class="tag">{t.mergedInto}</span>}
            </td>
            <td>{maskName(m.name)}</td>
            <td class="mono">{m.phoneMasked}</td>
            <td>{t.occupations[m.occupation]}</td>
            <td>{m.platform ?? '—'}</td>
            <td>
              {t.partyStatusOf(m.partyMember, m.mobileParty)}
              {m.branchName && <small class="sub">{m.branchName}</small>}
            </td>
            <td>{m.stationName}</td>
            <td>{formatTime(m.createdAt)}</td>
            <td>
              <button type="button" onClick={() => onOpen(m.id)} aria-label={`${t.open} ${m.memberNo}`}>
                {t.open}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
