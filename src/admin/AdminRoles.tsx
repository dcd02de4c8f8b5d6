import { useState } from 'preact/hooks';
import { ADMIN_ROLES, type AdminRole, type AdminSummary } from '../protocol/roles';
import { accessApi, isGone } from './access-api';
import { consoleUser } from './console-access';
import { accessPageT as t, accessT, listText } from './console-lang';
import { Notice } from './Notice';
import { Time } from './Time';
import { useAction } from './use-action';
import { useStations } from './use-directory';
import { useLoad } from './use-load';

interface Editing {
  username: string;
  role: AdminRole;
  stations: string[];
}

/** Every admin with their role, and a change of role (a manager's stations picked from the district's). */
export function AdminRoles() {
  const list = useLoad(() => accessApi.admins(), 'admins');
  const stations = useStations();
  const action = useAction();
  const [editing, setEditing] = useState<Editing | null>(null);
  const me = consoleUser()?.username;
  const names = new Map(stations.map((s) => [s.id, s.name]));
  const stationText = (a: AdminSummary) =>
    a.stations === null ? t.allStations : listText(a.stations.map((id) => names.get(id) ?? id));

  function save(e: Event) {
    e.preventDefault();
    if (!editing) return;
    if (editing.role === 'manager' && editing.stations.length === 0) return action.fail(t.pickOne);
    const { username, role } = editing;
    void action.run(
      () => accessApi.setRole(username, { role, ...(role === 'manager' ? { stations: editing.stations } : {}) }),
      () => {
        setEditing(null);
        // The admin changed their own role: the console reloads to show what the new role allows.
        if (username === me) location.reload();
        list.reload();
        return t.roleChanged(username, accessT.roles[role]);
      },
      (err) => {
        if (isGone(err)) {
          setEditing(null);
          list.reload();
        }
      },
    );
  }

  // A sentence about the last try goes once the admin changes the choice.
  const choose = (next: Editing) => {
    action.clear();
    setEditing(next);
  };
  const toggle = (id: string, on: boolean) =>
    editing &&
    choose({ ...editing, stations: on ? [...editing.stations, id] : editing.stations.filter((s) => s !== id) });

  return (
    <section class="access-admins" aria-labelledby="admins-title">
      <h2 id="admins-title">{t.admins}</h2>
      <p class="hint">{t.adminsHint}</p>
      <Notice text={list.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      <table class="admins-table">
        <thead>
          <tr>
            <th>{t.username}</th>
            <th>{t.role}</th>
            <th>{t.stations}</th>
            <th>{t.created}</th>
            <th>{t.actions}</th>
          </tr>
        </thead>
        {(list.data?.admins ?? []).map((a) => (
          <tbody key={a.username}>
            <tr>
              <td>
                <strong>{a.username}</strong>
                {a.username === me && t.you}
              </td>
              <td>{accessT.roles[a.role]}</td>
              <td class="admin-stations">{stationText(a)}</td>
              <td>
                <Time iso={a.createdAt} />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`${t.changeRole} ${a.username}`}
                  aria-expanded={editing?.username === a.username}
                  disabled={action.busy}
                  onClick={() =>
                    setEditing(
                      editing?.username === a.username
                        ? null
                        : { username: a.username, role: a.role, stations: a.stations ?? [] },
                    )
                  }
                >
                  {t.changeRole}
                </button>
              </td>
            </tr>
            {editing?.username === a.username && (
              <tr class="role-edit">
                <td colSpan={5}>
                  <form onSubmit={save} aria-label={`${t.changeRole} ${a.username}`}>
                    <fieldset class="role-choice">
                      <legend>{t.newRole}</legend>
                      {ADMIN_ROLES.map((role) => (
                        <label class="check" key={role}>
                          <input
                            type="radio"
                            name={`role-${a.username}`}
                            value={role}
                            checked={editing.role === role}
                            onChange={() => choose({ ...editing, role })}
                          />
                          {accessT.roles[role]}
                        </label>
                      ))}
                    </fieldset>
                    {editing.role === 'manager' && (
                      <fieldset class="station-picker">
                        <legend>{t.pickStations}</legend>
                        {stations.map((s) => (
                          <label class="check" key={s.id}>
                            <input
                              type="checkbox"
                              checked={editing.stations.includes(s.id)}
                              onChange={(e) => toggle(s.id, e.currentTarget.checked)}
                            />
                            {s.name}
                          </label>
                        ))}
                      </fieldset>
                    )}
                    <div class="row-actions">
                      <button type="submit" class="primary" disabled={action.busy}>
                        {action.busy ? t.saving : t.save}
                      </button>
                      <button type="button" disabled={action.busy} onClick={() => setEditing(null)}>
                        {t.cancel}
                      </button>
                    </div>
                  </form>
                </td>
              </tr>
            )}
          </tbody>
        ))}
      </table>
    </section>
  );
}
