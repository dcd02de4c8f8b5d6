/**
 * Runs `job` only if no other tab of this kiosk is syncing (Web Locks).
 * Answers false when another holder has the lock. Where the browser has no
 * Web Locks (old engines, Node tests), the job runs unguarded.
 */
export async function withSyncLock(job: () => Promise<void>): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) {
    await job();
    return true;
  }
  return locks.request('waystation-sync', { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await job();
    return true;
  });
}
