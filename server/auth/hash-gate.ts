/**
 * At most a few password hashes at once. scrypt runs on libuv's small thread
 * pool, which static files and the SQLite driver's file reads share: a flood of
 * sign-ins must not hold every thread. The rest wait briefly in line, then are
 * turned away (the route answers 503), so kiosk requests keep their threads.
 */

export interface HashGate {
  /** Runs `work` once a slot is free; answers undefined when none freed up in time or the line is full. */
  run<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }>;
  /** Hashes running now (for tests). */
  readonly running: number;
}

/** A semaphore of `slots`, with at most `queue` waiting up to `waitMs` each. */
export function createHashGate({ slots = 2, queue = 16, waitMs = 2000 } = {}): HashGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const acquire = () =>
    new Promise<boolean>((resolve) => {
      if (running < slots) {
        running++;
        return resolve(true);
      }
      if (waiting.length >= queue) return resolve(false);
      // A slot handed over keeps `running` as it is: the finishing hash passes its slot on.
      const take = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        resolve(false);
      }, waitMs);
      waiting.push(take);
    });
  return {
    async run(work) {
      if (!(await acquire())) return { ok: false };
      try {
        return { ok: true, value: await work() };
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
  };
}
