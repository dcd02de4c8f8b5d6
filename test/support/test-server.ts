/** Starts the real server app on a real port over a real SQLite file in a fresh temp directory. */
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import type { KindRegistry } from '../../src/protocol/kinds';
import { openSqlite, type OpenDatabase } from '../../server/store/open-database';

export interface TestServer {
  url: string;
  store: OpenDatabase;
  dataDir: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 at a port the OS picks. */
export async function startTestServer(
  opts: {
    registry?: KindRegistry;
    /** Reuse this directory and leave it in place on close (restart tests). */ dataDir?: string;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'waystation-test-'));
  const store = await openSqlite(dataDir);
  const app = createApp({
    db: store.db,
    version: 'test',
    timeZone: 'Asia/Shanghai',
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    dataDir,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
