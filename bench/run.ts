/**
 * `npm run bench [-- --quick]`: measures the kiosk and the server against
 * baselines taken in the same run; prints a Markdown table and writes
 * bench/results/latest.json. Each figure is the median of the repetitions.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir, release } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildIfNeeded } from '../server/build-if-needed';
import { createEnrollCode, enrollDevice } from '../server/store/devices';
import { openSqlite } from '../server/store/open-database';
import { createStation } from '../server/store/stations';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { benchDrain } from './drain';
import { benchHostLog } from './host-log';
import { benchIngest } from './ingest';
import type { BenchContext, Figures } from './lib/context';
import { ROOT, startBenchServer } from './lib/server';
import { TARGETS } from './targets';
import { benchTapIn } from './tapin';
import { benchWeight } from './weight';

const quick = process.argv.includes('--quick');
/** `--only drain,ingest` runs just those sections (figures of the others are left out). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const reps = 5;
const log = (line: string) => process.stderr.write(`${line}\n`);

buildIfNeeded(ROOT);
const work = mkdtempSync(join(tmpdir(), 'waystation-bench-'));
const distDir = join(work, 'dist');
cpSync(join(ROOT, 'dist'), distDir, { recursive: true });
await build({
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: distDir,
    emptyOutDir: false,
    target: 'es2022',
    lib: { entry: join(ROOT, 'bench/browser/bench-page.ts'), formats: ['es'], fileName: () => 'bench.js' },
  },
});
writeFileSync(
  join(distDir, 'bench.html'),
  '<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>',
);

const dataDir = join(work, 'data');
const server = await startBenchServer(dataDir, distDir);
const store = await openSqlite(dataDir);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  headless: true,
});
const page = await (await browser.newContext()).newPage();
await page.goto(`${server.url}/bench.html`);
await page.waitForFunction(() => 'bench' in window);

let kiosks = 0;
const ctx: BenchContext = {
  quick,
  reps,
  browser,
  page,
  server,
  db: store.db,
  distDir,
  workDir: work,
  log,
  async newDeviceToken() {
    const station = await createStation(store.db, { name: `bench ${kiosks++}`, kind: 'branch' });
    const device = await enrollDevice(store.db, (await createEnrollCode(store.db, station.id)).code, 'bench');
    if (!device.ok) throw new Error(device.reason);
    return device.token;
  },
};

const figures: Figures = {};
try {
  for (const [name, section] of [
    ['tap-in', benchTapIn],
    ['host log', benchHostLog],
    ['sync drain', benchDrain],
    ['server ingest', benchIngest],
    ['weight and start', benchWeight],
  ] as const) {
    if (only && !only.some((o) => name.includes(o))) continue;
    log(`— ${name}`);
    Object.assign(figures, await section(ctx));
  }
} finally {
  await browser.close();
  await store.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  freeMemoryGb: Math.round(freemem() / 2 ** 30),
  kernel: release(),
  node: process.version,
  chromium: browser.version(),
  quick,
  repetitions: reps,
  date: new Date().toISOString(),
};
const rows = Object.entries(figures).map(([name, f]) => {
  const target = TARGETS[name];
  const verdict = target ? (target.met(f.median, figures) ? 'met' : 'missed') : '';
  return `| ${name} | ${f.median} | ${f.min} | ${f.max} | ${f.unit} | ${target?.text ?? ''} | ${verdict} |`;
});
console.log(
  [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, Node ${machine.node}, Chromium ${machine.chromium}${quick ? ' (quick run)' : ''}`,
    '',
    '| figure | median | min | max | unit | target | |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const out = join(ROOT, 'bench/results', quick || only ? 'partial.tmp.json' : 'latest.json');
writeFileSync(out, `${JSON.stringify({ machine, figures }, null, 2)}\n`);
log(`wrote ${out}`);
