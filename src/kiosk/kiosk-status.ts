/** What the home chip says, from the browser's network state, the sync service's last outcome and the queue. */
import type { SyncStatus } from '../settings/device-settings';

export type KioskState = 'online' | 'offline' | 'unreachable' | 'revoked' | 'refused';

/**
 * The one state worth telling, most serious first: a kiosk the server no longer accepts, no network,
 * a server that does not answer, records sent back; otherwise online. Tap-ins are recorded in every state.
 */
export function kioskState(browserOnline: boolean, status: SyncStatus | null, refusedCount: number): KioskState {
  if (status?.lastError === 'refused') return 'revoked';
  if (!browserOnline) return 'offline';
  if (status?.lastError) return 'unreachable';
  if (refusedCount > 0) return 'refused';
  return 'online';
}
