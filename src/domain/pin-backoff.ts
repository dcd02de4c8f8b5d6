/**
 * Back-off for the host PIN on the kiosk: a few wrong tries are free, then each
 * further one locks the PIN screen for twice as long as the one before, up to an
 * hour. The state is kept in device settings, so a reload does not reset it, and a
 * right PIN clears it. A 4-digit PIN then takes weeks to guess instead of minutes.
 */

export interface PinAttempts {
  /** Wrong tries since the last right one. */
  failures: number;
  /** Epoch ms until which no PIN is checked; 0 when not locked. */
  lockedUntil: number;
}

export const NO_ATTEMPTS: PinAttempts = { failures: 0, lockedUntil: 0 };

/** Wrong tries allowed before the first lock. */
export const FREE_TRIES = 5;
const FIRST_LOCK_MS = 30_000;
const LONGEST_LOCK_MS = 60 * 60_000;

/** The lock after `failures` wrong tries, in ms (0 while tries are free). */
export function lockAfter(failures: number): number {
  const over = failures - FREE_TRIES;
  if (over < 0) return 0;
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(over, 20));
}

/** The state after one more wrong try at `now`. */
export function afterWrongTry(state: PinAttempts, now: number): PinAttempts {
  const failures = state.failures + 1;
  const lock = lockAfter(failures);
  return { failures, lockedUntil: lock > 0 ? now + lock : 0 };
}

/**
 * Milliseconds until a PIN may be tried again (0 when it may now). A lock that
 * reaches further ahead than the longest one (the kiosk's clock was set back) counts
 * as the longest from now, so a clock change neither frees nor bricks the screen.
 */
export function waitMs(state: PinAttempts, now: number): number {
  const left = state.lockedUntil - now;
  if (left <= 0) return 0;
  return Math.min(left, LONGEST_LOCK_MS);
}
