import { useEffect, useState } from 'preact/hooks';
import { useHostT } from '../i18n/backstage';

function mb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Whether the browser keeps this kiosk's data under pressure, and how much room is used. */
export function StorageInfo() {
  const t = useHostT();
  const [state, setState] = useState<{ persisted: boolean; usage?: number; quota?: number } | null>(null);
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.persisted) return;
    void Promise.all([storage.persisted(), storage.estimate?.()]).then(([persisted, estimate]) =>
      setState({ persisted, usage: estimate?.usage, quota: estimate?.quota }),
    );
  }, []);
  if (!state) return null;
  return (
    <>
      <dt>{t.storage}</dt>
      <dd data-testid="storage">
        {state.persisted ? t.storagePersisted : t.storageNotPersisted}
        {state.usage !== undefined &&
          state.quota !== undefined &&
          ` · ${t.storageUse(mb(state.usage), mb(state.quota))}`}
      </dd>
    </>
  );
}
