/** Runs the product as a user does: `npm start` and `npm run admin -- …`, in a fresh DATA_DIR on a free port. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIRST_RUN_FILE } from '../../server/demo-seed';
import { openTestStore } from './stores';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningProduct {
  url: string;
  dataDir: string;
  /** The PostgreSQL store it runs on (E2E_STORE=postgres), else empty. */
  databaseUrl: string;
  /** The enrollment code the first run printed. */
  demoCode: string;
  /** The first run's admin, read from the owner-only file it wrote (never printed). */
  adminUser: string;
  adminPassword: string;
  output: () => string;
  admin(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `npm start` with PORT=0 and waits for its "Listening on" line. */
export async function startProduct(extraEnv: Record<string, string> = {}): Promise<RunningProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), 'waystation-e2e-'));
  // E2E_STORE=postgres runs the same product on a fresh PostgreSQL schema (the e2e-pg project).
  const pgStore = process.env.E2E_STORE === 'postgres' ? await openTestStore('postgres') : null;
  if (pgStore) await pgStore.store.close();
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: pgStore?.env.DATABASE_URL ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extraEnv,
  };
  // Its own process group, so stopping it stops npm's children too.
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}`)), 120_000);
    const check = () => {
      const m = /Listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  const demoCode = /enrollment code (\d{10})/.exec(out)?.[1] ?? '';
  const firstRun = join(dataDir, FIRST_RUN_FILE);
  const credentials = existsSync(firstRun) ? readFileSync(firstRun, 'utf8') : '';
  return {
    url,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    demoCode,
    adminUser: /^user: (.+)$/m.exec(credentials)?.[1] ?? '',
    adminPassword: /^password: (.+)$/m.exec(credentials)?.[1] ?? '',
    output: () => out,
    admin: (...args) =>
      new Promise((resolve, reject) =>
        execFile('npm', ['run', '--silent', 'admin', '--', ...args], { cwd: ROOT, env }, (err, stdout, stderr) => {
          if (err) return reject(new Error(`${err.message}\n${stderr}`));
          resolve(stdout.trim().split('\n').at(-1) ?? '');
        }),
      ),
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      await pgStore?.drop();
    },
  };
}
