/**
 * Screens the first screen does not need load as chunks when first used (they are
 * precached, so this works offline): the member screens, host mode, enrollment, the station directory.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type PeopleModule = typeof import('./people');
type BackstageModule = typeof import('./backstage');
type WishesModule = typeof import('./wishes');
type SuggestionsModule = typeof import('./suggestions');

/** Chunks being fetched now (tests wait for them before tearing the page down). */
const inFlight = new Set<Promise<unknown>>();

/** Settles once every chunk asked for so far has loaded (or failed). */
export async function chunksSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
type DirectoryModule = typeof import('./directory');

function lazyChunk<M>(load: () => Promise<M>) {
  let loaded: M | null = null;
  let loading: Promise<M> | null = null;
  const get = (): Promise<M> => {
    if (loading) return loading;
    const started = load().then((m) => (loaded = m));
    inFlight.add(started);
    void started.finally(() => inFlight.delete(started)).catch(() => undefined);
    return (loading = started);
  };
  /** Renders with the chunk once loaded; an empty screen for the few milliseconds before. */
  function With({ render }: { render: (m: M) => ComponentChildren }) {
    const [mod, setMod] = useState(loaded);
    useEffect(() => {
      if (!mod) void get().then(setMod);
    }, [mod]);
    return <>{mod ? render(mod) : <main class="screen" />}</>;
  }
  return { get, With };
}

const people = lazyChunk<PeopleModule>(() => import('./people'));
const backstage = lazyChunk<BackstageModule>(() => import('./backstage'));
const wishes = lazyChunk<WishesModule>(() => import('./wishes'));
const suggestions = lazyChunk<SuggestionsModule>(() => import('./suggestions'));
const directory = lazyChunk<DirectoryModule>(() => import('./directory'));

export const loadPeople = people.get;
export const WithPeople = people.With;
export const WithBackstage = backstage.With;
export const WithWishes = wishes.With;
export const WithSuggestions = suggestions.With;
export const WithDirectory = directory.With;
