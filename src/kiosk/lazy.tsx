import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

type PeopleModule = typeof import('./people');

let loaded: PeopleModule | null = null;
let loading: Promise<PeopleModule> | null = null;

/** Loads the people chunk once (it is precached, so this works offline). */
export function loadPeople(): Promise<PeopleModule> {
  loading ??= import('./people').then((m) => (loaded = m));
  return loading;
}

/** Renders with the people chunk once it is loaded; an empty screen for the few milliseconds before. */
export function WithPeople({ render }: { render: (m: PeopleModule) => ComponentChildren }) {
  const [mod, setMod] = useState(loaded);
  useEffect(() => {
    if (!mod) void loadPeople().then(setMod);
  }, [mod]);
  return <>{mod ? render(mod) : <main class="screen" />}</>;
}
