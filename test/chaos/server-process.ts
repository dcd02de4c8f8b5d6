/** The real server as a child process on a DATA_DIR, so it can be SIGKILLed and restarted on the same database file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  port: number;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server (`server/main.ts`, or another entry) in one Node process (no wrapper process that a SIGKILL would miss). */
export async function startServerProcess(
  /** DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL), as the server reads them. */
  storeEnv: Record<string, string>,
  entry = 'server/main.ts',
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...storeEnv, PORT: '0', HOST: '127.0.0.1', SKIP_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    port,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
