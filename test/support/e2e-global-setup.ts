/** Builds the PWA once before the end-to-end tests (as `npm start` would). */
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from '../../server/build-if-needed';

export default function setup(): void {
  buildIfNeeded(fileURLToPath(new URL('../..', import.meta.url)));
}
