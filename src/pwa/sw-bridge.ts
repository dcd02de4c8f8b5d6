/** The one module that talks to the service worker: registers it and offers a waiting update. */
import { Workbox } from 'workbox-window';

export interface UpdateBridge {
  /** True when a new version is installed and waiting. */
  isWaiting(): boolean;
  subscribe(listener: () => void): () => void;
  /** Activates the waiting version and reloads the page. */
  apply(): void;
}

/** A bridge for a page without a service worker (tests, dev). */
export const noUpdates: UpdateBridge = { isWaiting: () => false, subscribe: () => () => {}, apply: () => {} };

/** Registers `/sw.js`; never activates an update by itself (the app decides when it is safe). */
export function registerServiceWorker(): UpdateBridge {
  if (!('serviceWorker' in navigator)) return noUpdates;
  const wb = new Workbox('/sw.js');
  const listeners = new Set<() => void>();
  let waiting = false;
  wb.addEventListener('waiting', () => {
    waiting = true;
    listeners.forEach((l) => l());
  });
  void wb.register();
  return {
    isWaiting: () => waiting,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    apply() {
      if (!waiting) return;
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
  };
}
