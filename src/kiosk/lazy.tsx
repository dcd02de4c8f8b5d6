/**
 * Screens the first screen does not need load as chunks when first used (they are
 * precached, so this works offline): the member screens, host mode, enrollment, the station directory.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type PeopleModule = typeof import('./people');
type BackstageModule = typeof import('./backstage');
type DirectoryModule = typeof import('./directory');

function lazyChunk<M>(load: () => Promise<M>) {
  let loaded: M | null = null;
  let loading: Promise<M> | null = null;
  const get = (): Promise<M> => (loading ??= load().then((m) => (loaded = m)));
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
const directory = lazyChunk<DirectoryModule>(() => import('./directory'));

export const loadPeople = people.get;
export const WithPeople = people.With;
export const WithBackstage = backstage.With;
export const WithDirectory = directory.With;
