/** A Preact hook over Dexie's liveQuery: re-renders when the tables a query read change (in this tab or another). */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** The query's latest result, or `initial` until it first answers. */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: setValue,
      error: (err: unknown) => console.error('live query failed', err),
    });
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
