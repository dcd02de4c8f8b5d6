/** Serves the built PWA (dist/) at / and the console at /admin, with cache headers a kiosk update relies on. */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function fileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/** A handler for GET requests outside /api. */
export function staticFiles(distDir: string) {
  const root = normalize(distDir + sep);
  return async (c: Context) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    const isAdmin = path === '/admin' || path.startsWith('/admin/');
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return c.text('Not found', 404);
    let body = extname(file) ? await fileIfExists(file) : undefined;
    if (!body && !extname(path)) {
      // Client-side routes fall back to their app's page.
      file = join(root, isAdmin ? 'admin/index.html' : 'index.html');
      body = await fileIfExists(file);
    }
    if (!body) return c.text('Not found', 404);
    // Hashed assets never change; everything else (HTML, sw.js, manifest) must be revalidated so updates are seen.
    const immutable = file.includes(`${sep}assets${sep}`);
    return c.body(new Uint8Array(body), 200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}
