import { useState } from 'preact/hooks';
import { adminApi, AdminApiError, type StationRow } from './admin-api';
import { formatTime } from './admin-time';
import { can } from './console-access';
import { DIRECTORY_STRINGS, describeHours } from '../i18n/directory';
import { adminT as t, consoleLang, listText, serviceNames } from './console-lang';
import { Notice } from './Notice';
import { CoveragePanel } from './CoveragePanel';
import { StationForm } from './StationForm';
import { useAction } from './use-action';
import { useLoad } from './use-load';

/** Stations of the district: add one, edit or archive it (never delete), make enrollment codes for kiosks. */
export function StationsPage() {
  const list = useLoad(() => adminApi.stations(), 'stations');
  const action = useAction();
  // Its own, so the create button says 正在创建… only for a create, and a double-click sends one request.
  const creating = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'hub' | 'branch'>('branch');
  const [editing, setEditing] = useState<StationRow | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const stations = list.data?.stations ?? [];
  const archivedCount = stations.filter((s) => s.archivedAt).length;
  const shown = stations.filter((s) => showArchived || !s.archivedAt);

  function create(e: Event) {
    e.preventDefault();
    void creating.run(
      () => adminApi.createStation(name.trim(), kind),
      (s) => {
        setName('');
        list.reload();
        return t.stationCreated(s.name);
      },
    );
  }

  function save(station: StationRow, edit: Parameters<typeof adminApi.updateStation>[1]) {
    void action.run(
      () => adminApi.updateStation(station.id, edit),
      (saved) => {
        setEditing(null);
        list.reload();
        return t.stationSaved(saved.name);
      },
      (err) => {
        // Someone else saved first: reload and reopen on their version, so nothing is overwritten blindly.
        if (err instanceof AdminApiError && err.code === 'conflict') {
          action.fail(t.stationConflict);
          void adminApi.stations().then((r) => {
            setEditing(r.stations.find((s) => s.id === station.id) ?? null);
            list.reload();
          });
        }
      },
    );
  }

  return (
    <section>
      <Notice text={list.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      {editing && (
        <StationForm
          key={`${editing.id}:${editing.version}`}
          station={editing}
          busy={action.busy}
          onSave={(edit) => save(editing, edit)}
          onCancel={() => setEditing(null)}
        />
      )}
      <table class="stations">
        <thead>
          <tr>
            <th>{t.name}</th>
            <th>{t.kind}</th>
            <th>{t.hostType}</th>
            <th>{t.services}</th>
            <th>{t.hours}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && !list.loading && (
            <tr>
              <td colSpan={6}>{t.noStations}</td>
            </tr>
          )}
          {shown.map((s) => (
            <tr key={s.id} class={s.archivedAt ? 'archived' : ''}>
              <td>
                {s.name}
                {s.archivedAt && (
                  <span class="flag" title={formatTime(s.archivedAt)}>
                    {t.archived}
                  </span>
                )}
              </td>
              <td>{s.kind === 'hub' ? t.hub : t.branch}</td>
              <td>{s.hostType ? t.hostTypes[s.hostType] : '—'}</td>
              <td class="wrap">{listText(s.services.map((x) => serviceNames[x]))}</td>
              <td class="wrap">
                {s.openingHours ? describeHours(DIRECTORY_STRINGS[consoleLang()], s.openingHours) : s.hours || '—'}
              </td>
              <td class="row-actions">
                {can('write') && (
                  <button type="button" disabled={action.busy} onClick={() => setEditing(s)}>
                    {t.edit}
                  </button>
                )}
                {can('write') && !s.archivedAt && (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(
                        () => adminApi.enrollCode(s.id),
                        (c) => t.codeFor(s.name, c.code, formatTime(c.expiresAt)),
                      )
                    }
                  >
                    {t.enrollCode}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {archivedCount > 0 && (
        <label class="check">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
          {t.showArchived(archivedCount)}
        </label>
      )}
      {/* Only the district makes stations (the server refuses anyone else: forbidden_role). */}
      {can('district') && (
        <form class="inline" onSubmit={create}>
          <h2>{t.createStation}</h2>
          <label>
            {t.name}
            <input required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            {t.kind}
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value === 'hub' ? 'hub' : 'branch')}>
              <option value="branch">{t.branch}</option>
              <option value="hub">{t.hub}</option>
            </select>
          </label>
          <button type="submit" class="primary" disabled={creating.busy}>
            {creating.busy ? t.creating : t.create}
          </button>
          <Notice text={creating.outcome?.text ?? ''} tone={creating.outcome?.tone} />
        </form>
      )}
      <CoveragePanel stations={stations} />
    </section>
  );
}
