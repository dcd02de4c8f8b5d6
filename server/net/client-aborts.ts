/**
 * A client that hangs up mid-request is normal on flaky shop networks, and a
 * flood of them is an attack: neither deserves a stack trace per request. They
 * are counted and reported as one line a minute at most.
 */

let count = 0;
let timer: NodeJS.Timeout | undefined;

/** True when `err` is a client going away (or cut off by the request timeout), not a server fault. */
export function isClientAbort(err: unknown, request?: Request): boolean {
  if (request?.signal.aborted) return true;
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  return (
    e?.name === 'AbortError' ||
    e?.code === 'ECONNRESET' ||
    e?.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    e?.message === 'Client connection prematurely closed.' ||
    e?.message === 'aborted'
  );
}

/** Counts one abort; the first of a minute starts the minute, whose end prints the count. */
export function noteClientAbort(log: (line: string) => void = console.warn): void {
  count++;
  timer ??= setTimeout(() => {
    log(`${count} client request(s) aborted or timed out in the last minute (code client_aborted)`);
    count = 0;
    timer = undefined;
  }, 60_000).unref();
}
