/**
 * What keeping the rollups costs a push: the store's ingest path (check, ledger,
 * receipts, visits, rollups, commit) driven in process, on a fresh SQLite file with
 * `synchronous=FULL` and on a fresh PostgreSQL schema (`synchronous_commit=on`): once
 * with the rollup step and once without it (switched off here only, through
 * `rollupSwitch`), in alternating order within each repetition.
 * Four kiosks at four stations keep a 100-visit push going each; a batch holds a
 * kiosk's visits of the last two days (a backlog after a night offline), so each push
 * adds to a few dozen rollup rows. HTTP is left out: it would hide the step's cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEnrollCode, enrollDevice } from '../server/store/devices';
import type { Kysely } from 'kysely';
import { openSqlite } from '../server/store/open-database';
import { openPostgres } from '../server/store/open-postgres';
import { rollupSwitch } from '../server/store/rollups';
import type { Db } from '../server/store/schema';
import { createStation } from '../server/store/stations';
import { handlePush } from '../server/sync/push';
import { uuid7 } from '../src/protocol/uuid7';
import type { BenchContext, Figures } from './lib/context';
import { createBenchSchema } from './lib/postgres';
import { figure } from './lib/stats';
import { pickServices } from './lib/visits';

const KIOSKS = 4;
const BATCH = 100;

/** On a fresh SQLite file, then on a fresh PostgreSQL schema (`synchronous_commit=on`). */
export async function benchRollupOverhead(ctx: BenchContext): Promise<Figures> {
  const dir = mkdtempSync(join(ctx.workDir, 'rollups-'));
  const sqlite = await openSqlite(dir);
  let figures: Figures;
  try {
    figures = await measure(ctx, sqlite.db, '');
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const schema = await createBenchSchema(ctx.log);
  try {
    const pgStore = await openPostgres(schema.url);
    try {
      Object.assign(figures, await measure(ctx, pgStore.db, 'pg_'));
    } finally {
      await pgStore.close();
    }
  } finally {
    await schema.drop();
  }
  return figures;
}

async function measure(ctx: BenchContext, db: Kysely<Db>, prefix: string): Promise<Figures> {
  try {
    const kiosks: { id: string; stationId: string; revoked: boolean }[] = [];
    for (let k = 0; k < KIOSKS; k++) {
      const station = await createStation(db, { name: `汇总分站 ${k}`, kind: 'branch' });
      const enrolled = await enrollDevice(db, (await createEnrollCode(db, station.id)).code, `k${k}`);
      if (!enrolled.ok) throw new Error(enrolled.reason);
      kiosks.push({ id: enrolled.deviceId, stationId: station.id, revoked: false });
    }
    let n = 0;
    const batch = () => {
      const now = Date.now();
      return {
        batchId: uuid7(),
        changes: Array.from({ length: BATCH }, () => {
          const at = now - ((n++ * 7919) % (48 * 3600)) * 1000;
          return {
            kind: 'visit',
            op: 'put',
            record: {
              id: uuid7(at),
              createdAt: new Date(at).toISOString(),
              services: pickServices(n),
              phone: null,
              memberId: null,
            },
          };
        }),
      } as never;
    };
    const pushes = ctx.quick ? 60 : 200;
    /** Visits per second with the rollup step on or off. */
    async function run(on: boolean): Promise<number> {
      rollupSwitch.enabled = on;
      const t = performance.now();
      await Promise.all(
        kiosks.map(async (kiosk) => {
          for (let i = 0; i < pushes / KIOSKS; i++) await handlePush(db, kiosk, batch());
        }),
      );
      return (pushes * BATCH) / ((performance.now() - t) / 1000);
    }
    await run(true); // warm-up: statement texts compiled, caches filled
    await run(false);
    const withRollups: number[] = [];
    const without: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < ctx.reps; r++) {
      // Alternate which goes first, so a machine getting busier or quieter does not favour one.
      let on: number;
      let off: number;
      if (r % 2) {
        off = await run(false);
        on = await run(true);
      } else {
        on = await run(true);
        off = await run(false);
      }
      without.push(off);
      withRollups.push(on);
      ratios.push(on / off);
      ctx.log(`  ${prefix || 'sqlite_'}rollups on ${on.toFixed(0)}/s, off ${off.toFixed(0)}/s`);
    }
    return {
      [`${prefix}rollup_ingest_visits_per_s`]: figure(withRollups, 'visits/s', 0),
      [`${prefix}rollup_ingest_without_visits_per_s`]: figure(without, 'visits/s', 0),
      [`${prefix}rollup_overhead`]: figure(ratios, '×', 3),
    };
  } finally {
    rollupSwitch.enabled = true;
  }
}
