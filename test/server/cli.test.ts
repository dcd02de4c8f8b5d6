/** `npm run admin -- …` as a script would use it: the result alone on the last line, errors on stderr with exit 1. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/auth/secrets';
import { FIRST_RUN_FILE } from '../../server/demo-seed';
import { loadServerSecret, SECRET_FILE } from '../../server/auth/server-secret';
import { isLiveApiToken, signIn } from '../../server/store/admins';
import { PID_FILE } from '../../server/store/backup';
import { enrollDevice } from '../../server/store/devices';
import { openSqlite } from '../../server/store/open-database';
import { getStation } from '../../server/store/stations';
import { openTestStore } from '../support/stores';

const dataDir = mkdtempSync(join(tmpdir(), 'waystation-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function admin(args: string[], input?: string, env: Record<string, string> = {}) {
  const res = spawnSync('npm', ['run', '--silent', 'admin', '--', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    input,
    encoding: 'utf8',
  });
  return { code: res.status, last: res.stdout.trim().split('\n').at(-1) ?? '', stdout: res.stdout, stderr: res.stderr };
}

describe('admin CLI', () => {
  it('creates a station, makes an enrollment code that enrolls a device, and an admin who can sign in', async () => {
    const station = admin(['create-station', '--name', '铜心驿站 · 社区服务中心分站', '--kind', 'branch']);
    expect(station.code).toBe(0);
    expect(admin(['list-stations']).stdout).toContain(`${station.last}\tbranch\t铜心驿站 · 社区服务中心分站`);
    const code = admin(['enroll-code', '--station', station.last]);
    expect(code.last).toMatch(/^\d{10}$/);
    expect(admin(['create-admin', '--user', 'alice', '--password-stdin'], 'a long password\n').last).toBe('alice');
    expect(admin(['create-api-token', '--name', 'bi']).last).toMatch(/^wsa_/);
    expect(admin(['set-retention', '--station', station.last, '--days', '30']).last).toBe('30');

    // The CLI keyed the code's hash with the secret it made in DATA_DIR; the server reads the same file.
    loadServerSecret(dataDir);
    const store = await openSqlite(dataDir);
    try {
      const stored = await store.db.selectFrom('enroll_codes').select('code_hash').execute();
      expect(stored.map((r) => r.code_hash)).not.toContain(hashSecret(code.last));
      expect((await enrollDevice(store.db, code.last, 'k')).ok).toBe(true);
      expect(await signIn(store.db, 'alice', 'a long password')).toBeTruthy();
      expect((await getStation(store.db, station.last))?.retentionDays).toBe(30);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses a store written under another secret and changes nothing, but follows a rotation', () => {
    expect(admin(['list-stations']).code).toBe(0);
    const before = admin(['list-stations']).stdout;
    const other = 'ab'.repeat(32);
    const refused = admin(['create-station', '--name', '另一把钥匙', '--kind', 'branch'], undefined, {
      WAYSTATION_SECRET: other,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('written under another server secret');
    expect(admin(['list-stations']).stdout).toBe(before);
    // Another DATA_DIR over the same store (PostgreSQL's case): refused, and no stray secret file left.
    const elsewhere = mkdtempSync(join(tmpdir(), 'waystation-cli-other-'));
    try {
      const copy = join(elsewhere, 'waystation.sqlite');
      expect(admin(['backup', '--to', copy]).code).toBe(0);
      const res = admin(['list-stations'], undefined, { DATA_DIR: elsewhere });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('WAYSTATION_SECRET');
      expect(existsSync(join(elsewhere, SECRET_FILE))).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    // A rotation: the new secret with the old as the previous one is taken, and from then on the new one alone.
    const old = readFileSync(join(dataDir, SECRET_FILE), 'utf8').trim();
    expect(
      admin(['list-stations'], undefined, { WAYSTATION_SECRET: other, WAYSTATION_PREVIOUS_SECRET: old }).code,
    ).toBe(0);
    expect(admin(['list-stations'], undefined, { WAYSTATION_SECRET: other }).code).toBe(0);
    expect(admin(['list-stations']).code).toBe(1);
    writeFileSync(join(dataDir, SECRET_FILE), `${other}\n`, { mode: 0o600 });
    expect(admin(['list-stations']).stdout).toBe(before);
  }, 90_000);

  it('starts no server on a PostgreSQL it cannot use, and says why in one line', () => {
    const nowhere = mkdtempSync(join(tmpdir(), 'waystation-nostore-'));
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        DATA_DIR: nowhere,
        DATABASE_URL: 'postgres://no_such_role_here@127.0.0.1:5432/test',
        PORT: '0',
        HOST: '127.0.0.1',
        SKIP_BUILD: '1',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(nowhere, { recursive: true, force: true });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot open the store: PostgreSQL at .* does not answer: role "no_such_role_here"/);
  }, 60_000);

  it('starts a first run on PostgreSQL with WAYSTATION_SECRET set and a DATA_DIR that does not exist yet', async () => {
    const pgStore = await openTestStore('postgres');
    await pgStore.store.close();
    const parent = mkdtempSync(join(tmpdir(), 'waystation-pgfirst-'));
    const notYet = join(parent, 'not-yet');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        ...pgStore.env,
        DATA_DIR: notYet,
        WAYSTATION_SECRET: 'a'.repeat(64),
        PORT: '0',
        HOST: '127.0.0.1',
        SKIP_BUILD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => /Listening on /.test(out) && resolve());
        child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
      });
      expect(out).toContain('First run: demo network created.');
      const file = join(notYet, FIRST_RUN_FILE);
      expect(readFileSync(file, 'utf8')).toMatch(/^user: .+\npassword: .+\n$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(parent, { recursive: true, force: true });
      await pgStore.drop();
    }
  }, 60_000);

  it('stops every server process when `npm start` itself gets SIGTERM, as a service manager sends it', async () => {
    const pgStore = await openTestStore('postgres');
    await pgStore.store.close();
    const data = mkdtempSync(join(tmpdir(), 'waystation-stop-'));
    const child = spawn('npm', ['start'], {
      env: {
        ...process.env,
        ...pgStore.env,
        DATA_DIR: data,
        WORKERS: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        SKIP_BUILD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    /** Every process below npm's, from /proc. */
    const descendants = (pid: number): number[] => {
      const kids = (readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/) ?? [])
        .filter(Boolean)
        .map(Number);
      return kids.flatMap((k) => {
        try {
          return [k, ...descendants(k)];
        } catch {
          return [k];
        }
      });
    };
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => /Listening on /.test(out) && resolve());
        child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
      });
      const below = descendants(child.pid!);
      // npm's shell gives way to node (exec), which forks the two workers.
      expect(below.length).toBeGreaterThanOrEqual(3);
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      process.kill(child.pid!, 'SIGTERM');
      await exited;
      const deadline = Date.now() + 10_000;
      while (below.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(below.filter(alive)).toEqual([]);
    } finally {
      // Whatever is left, by the process group this test made.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // All gone.
      }
      rmSync(data, { recursive: true, force: true });
      await pgStore.drop();
    }
  }, 60_000);

  it('keeps the server secret readable by its owner only', () => {
    expect(statSync(join(dataDir, SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('makes scoped API tokens, lists them without their secret, revokes them, and audits both', async () => {
    expect(admin(['create-api-token', '--name', 'x', '--scopes', 'export,phones']).stderr).toContain('Unknown scope');
    const token = admin(['create-api-token', '--name', 'bi-phones', '--scopes', 'export,export:phones', '--days', '7']);
    expect(token.last).toMatch(/^wsa_/);
    const line = admin(['list-api-tokens'])
      .stdout.split('\n')
      .find((l) => l.includes('bi-phones'))!;
    expect(line).not.toContain(token.last);
    const [id, , scopes, expires] = line.split('\t');
    expect(scopes).toBe('export export:phones');
    expect(Date.parse(expires!) - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    expect(admin(['revoke-api-token', '--id', id!]).last).toBe('revoked');
    expect(admin(['revoke-api-token', '--id', id!]).code).toBe(1);
    const store = await openSqlite(dataDir);
    try {
      expect(await isLiveApiToken(store.db, token.last)).toBe(false);
    } finally {
      await store.close();
    }
    const audit = admin(['audit-log']).stdout;
    expect(audit).toMatch(new RegExp(`cli\tapi_token_revoked\t-\t${id}`));
    expect(audit).toContain('api_token_created');
  }, 60_000);

  it('fails with a clear message and exit code 1 on bad input', () => {
    const res = admin(['create-station', '--name', 'X', '--kind', 'shop']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--kind must be hub or branch');
    expect(admin(['enroll-code', '--station', 'nope']).stderr).toContain('No station');
    expect(admin(['create-admin', '--user', 'bob', '--password-stdin'], 'short\n').stderr).toContain('at least 8');
  }, 60_000);

  it('backs up while the store is in use, refuses to restore beside a running server, and restores into a new epoch', () => {
    const station = admin(['create-station', '--name', '备份前的分站', '--kind', 'branch']).last;
    const backup = join(dataDir, 'before.sqlite');
    expect(admin(['backup', '--to', backup]).last).toBe(backup);
    expect(admin(['backup', '--to', backup]).stderr).toContain('exists already');
    admin(['create-station', '--name', '备份后的分站', '--kind', 'branch']);
    // A server process is running on this data directory (this test's own process stands in for it).
    writeFileSync(join(dataDir, PID_FILE), String(process.pid));
    const refused = admin(['restore', '--from', backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('stop it before restoring');
    rmSync(join(dataDir, PID_FILE));
    const restored = admin(['restore', '--from', backup]);
    expect(restored.code).toBe(0);
    expect(restored.last).toMatch(/^[\w-]{8}$/);
    const stations = admin(['list-stations']).stdout;
    expect(stations).toContain(station);
    expect(stations).not.toContain('备份后的分站');
  }, 90_000);
});
