/**
 * `npm run bench [-- --quick]`: measures the kiosk and the server against
 * baselines taken in the same run; prints a Markdown table and writes
 * bench/results/latest.json. Each figure is the median of the repetitions.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir, release } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildIfNeeded } from '../server/build-if-needed';
import { loadServerSecret } from '../server/auth/server-secret';
import { openSqlite } from '../server/store/open-database';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { benchDashboard } from './dashboard';
import { benchDrain } from './drain';
import { benchHostLog } from './host-log';
import { benchIngest, benchIngestPostgres } from './ingest';
import { benchMembers } from './members';
import { benchDirectory } from './directory';
import { benchRollupOverhead } from './rollups';
import { deferUndo, undoAll } from './lib/cleanup';
import type { BenchContext, Figures } from './lib/context';
import { enrollBenchKiosk } from './lib/devices';
import { checkPostgres } from './lib/postgres';
import { ROOT, startBenchServer } from './lib/server';
import { TARGETS } from './targets';
import { benchTapIn } from './tapin';
import { benchTapInUi } from './tapin-ui';
import { benchWeight } from './weight';
import { benchWishes } from './wishes';

const quick = process.argv.includes('--quick');
/**
 * `--only=drain,ingest` runs just the sections whose names contain one of those
 * words (figures of the others are left out): `ingest` runs the server ingest on
 * SQLite and on PostgreSQL, `postgres` the PostgreSQL one alone.
 */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const reps = 5;
const log = (line: string) => process.stderr.write(`${line}\n`);
// Other work on the machine moves every figure; the results say how busy it was.
const loadAtStart = loadavg()[0]!;
const sections = [
  ['tap-in', benchTapIn],
  ['tap-in on screen', benchTapInUi],
  ['host log', benchHostLog],
  ['sync drain', benchDrain],
  ['server ingest', benchIngest],
  ['server ingest on postgres', benchIngestPostgres],
  ['members', benchMembers],
  ['wish wall', benchWishes],
  ['directory', benchDirectory],
  ['weight and start', benchWeight],
  // Last: the dashboard adds 2,000,000 visits to the bench server's store.
  ['rollup overhead', benchRollupOverhead],
  ['dashboard', benchDashboard],
] as const;
const chosen = sections.filter(([name]) => !only || only.some((o) => name.includes(o)));

// Ctrl-C or a kill skips every `finally`: end what the sections started (servers by PID, schemas) first.
// `npm run bench` runs this with `node --import tsx`, not the tsx CLI, whose relay SIGKILLs a child that is slow
// to acknowledge a signal (this one is, under load). A second Ctrl-C waits for the first's clean-up.
let undoing = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (undoing) return;
    undoing = true;
    log(`${signal}: stopping what the bench started`);
    void undoAll(log).finally(() => process.exit(130));
  });
}
// Before minutes of other sections, not after them.
if (chosen.some(([, section]) => section === benchIngestPostgres || section === benchRollupOverhead))
  await checkPostgres();

buildIfNeeded(ROOT);
for (const dir of readdirSync(tmpdir())) {
  const pid = /^waystation-bench-(\d+)-/.exec(dir)?.[1];
  if (pid && !existsSync(`/proc/${pid}`)) rmSync(join(tmpdir(), dir), { recursive: true, force: true });
}
// The PID in the name lets a later run remove what a killed one left (below).
const work = mkdtempSync(join(tmpdir(), `waystation-bench-${process.pid}-`));
const removeWork = deferUndo(async () => rmSync(work, { recursive: true, force: true }));
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
// Codes the bench makes are spent by the server: both key their hashes with DATA_DIR's secret.
loadServerSecret(dataDir);
// SQLite, one process, whatever the caller's environment says.
const server = await startBenchServer(dataDir, distDir, { DATABASE_URL: '', WORKERS: '1' });
const stopServer = deferUndo(() => server.stop());
const store = await openSqlite(dataDir);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  headless: true,
  // Playwright's own handlers exit as soon as the browser is closed, before the rest is undone.
  handleSIGINT: false,
  handleSIGTERM: false,
  handleSIGHUP: false,
});
const closeBrowser = deferUndo(() => browser.close());
const page = await (await browser.newContext()).newPage();
await page.goto(`${server.url}/bench.html`);
await page.waitForFunction(() => 'bench' in window);

let kiosks = 0;
const notes: Record<string, unknown> = {};
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
  note: (key, value) => (notes[key] = value),
  newDeviceToken: () => enrollBenchKiosk(store.db, `bench ${kiosks++}`),
};

const figures: Figures = {};
try {
  for (const [name, section] of chosen) {
    log(`— ${name}`);
    Object.assign(figures, await section(ctx));
  }
} finally {
  await closeBrowser();
  await store.close();
  await stopServer();
  await removeWork();
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
  loadAverage1m: { start: Number(loadAtStart.toFixed(2)), end: Number(loadavg()[0]!.toFixed(2)) },
  ...notes,
};
const pgNote = notes.postgres as { version: string; synchronous_commit: string } | undefined;
const rows = Object.entries(figures).map(([name, f]) => {
  const target = TARGETS[name];
  const verdict = target ? (target.met(f.median, figures) ? 'met' : 'missed') : '';
  return `| ${name} | ${f.median} | ${f.min} | ${f.max} | ${f.unit} | ${target?.text ?? ''} | ${verdict} |`;
});
console.log(
  [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, Node ${machine.node}, Chromium ${machine.chromium}${pgNote ? `, ${pgNote.version} (synchronous_commit=${pgNote.synchronous_commit})` : ''}${quick ? ' (quick run)' : ''}`,
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
