/**
 * Who is signed in to the console and what their role lets them do. The server refuses
 * anything else anyway (403 `forbidden_role`); the console only hides what would be refused.
 */
import { roleMay, type AccessNeed, type MeResponse } from '../protocol/roles';

let current: MeResponse | null = null;

/** Remembers the signed-in admin (from `GET /admin/me`); null when signed out. */
export function setConsoleAccess(me: MeResponse | null): void {
  current = me;
}

/** The signed-in admin, if any. */
export function consoleUser(): MeResponse | null {
  return current;
}

/** Whether the signed-in admin's role has this right (nobody signed in: no). */
export function can(need: AccessNeed): boolean {
  return current !== null && roleMay(current.role, need);
}
