/** Unit tests run over fake-indexeddb; each test gets a clean DOM. */
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { chunksSettled } from '../../src/kiosk/lazy';

// A screen may still be fetching a lazy chunk when its test ends: let it land before the DOM goes.
afterEach(async () => {
  await chunksSettled();
  cleanup();
});
