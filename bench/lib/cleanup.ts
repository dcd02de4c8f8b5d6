/**
 * What the bench must undo however it ends (servers it started, schemas it
 * made). Sections undo their own in `finally`; a Ctrl-C or SIGTERM skips every
 * `finally`, so the run's signal handler calls `undoAll()` for what is still owed.
 */

const owed = new Set<() => Promise<void>>();

/** Registers `undo` and answers a function that runs it once (and unregisters it). */
export function deferUndo(undo: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    owed.delete(once);
    done ??= undo();
    return done;
  };
  owed.add(once);
  return once;
}

/** Runs everything still owed, newest first, each even if an earlier one failed. */
export async function undoAll(log: (line: string) => void): Promise<void> {
  for (const undo of [...owed].reverse()) {
    await undo().catch((err: unknown) => log(`clean-up failed: ${(err as Error).message}`));
  }
}
