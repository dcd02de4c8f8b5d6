/** Loads what a page shows, keeps the last good answer, and words a failure in Chinese. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './error-text';

export interface Loaded<T> {
  data: T | undefined;
  error: string;
  loading: boolean;
  reload: () => void;
}

/** Calls `load` now and whenever `key` changes; an answer to an older key is dropped, so fast filtering never shows stale rows. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    loadRef.current().then(
      (d) => {
        if (ticket !== latest.current) return;
        setData(d);
        setError('');
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        setError(errorText(err));
        setLoading(false);
      },
    );
  }, [key, tick]);
  return { data, error, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}
