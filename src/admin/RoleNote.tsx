import { consoleUser } from './console-access';
import { accessT as t } from './console-lang';

/** The signed-in admin's role in words: `驿站站长 · 管理 2 个驿站`. */
export function roleLabel(): string {
  const me = consoleUser();
  return me ? t.roleOf(t.roles[me.role], me.stations?.length ?? 0) : '';
}

/** A line above every page telling a manager or a viewer what they can do (district admins see none). */
export function RoleNote() {
  const me = consoleUser();
  if (!me || me.role === 'district') return null;
  return (
    <p class="role-note" role="note">
      {me.role === 'viewer' ? t.readOnlyNote : t.managerNote(me.stations?.length ?? 0)}
    </p>
  );
}
