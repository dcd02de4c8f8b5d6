/** `npm start` builds the PWA only when dist/ is missing or older than its sources. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Runs `vite build` in `root` when any source is newer than dist/index.html. */
export function buildIfNeeded(root: string): void {
  const built = join(root, 'dist', 'index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sources = ['src', 'public', 'index.html', 'admin', 'vite.config.ts', 'package.json'];
  const sourcesAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (builtAt >= sourcesAt) return;
  console.log('Building the kiosk app (dist/ is missing or older than src/)…');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
      // A caller's NODE_ENV (vitest sets "test") would make vite build a larger, non-production bundle.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
