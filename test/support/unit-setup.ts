/** Unit tests run over fake-indexeddb; each test gets a clean DOM. */
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
