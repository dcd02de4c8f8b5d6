/** The product's speed targets (issues #4, #7 and #8), checked against each figure's median. */
import type { Figures } from './lib/context';

export interface Target {
  text: string;
  met(median: number, all: Figures): boolean;
}

const ratio = (all: Figures, a: string, b: string) => (all[a]?.median ?? NaN) / (all[b]?.median ?? NaN);

export const TARGETS: Record<string, Target> = {
  tapin_p95_ms: {
    text: '≤ 8 ms and ≤ 1.5× raw IndexedDB',
    met: (m, all) => m <= 8 && ratio(all, 'tapin_p95_ms', 'tapin_raw_idb_p95_ms') <= 1.5,
  },
  tapin_screen_cpu4x_p95_ms: { text: '≤ 300 ms (确认 to 签到成功 on screen, CPU 4× slower)', met: (m) => m <= 300 },
  log_first_page_ms: { text: '≤ 30 ms', met: (m) => m <= 30 },
  log_month_totals_ms: { text: '≤ 200 ms', met: (m) => m <= 200 },
  drain_visits_per_s: {
    text: '≥ 8,000/s and ≥ 20× one-per-request',
    met: (m, all) => m >= 8000 && ratio(all, 'drain_visits_per_s', 'drain_naive_visits_per_s') >= 20,
  },
  drain_vs_raw: { text: '≥ 0.25× raw SQLite', met: (m) => m >= 0.25 },
  ingest_visits_per_s: { text: '≥ 20,000/s', met: (m) => m >= 20_000 },
  ingest_p99_ms: { text: '≤ 250 ms', met: (m) => m <= 250 },
  ingest_open_p99_ms: { text: '≤ 100 ms', met: (m) => m <= 100 },
  pg_ingest_visits_per_s: { text: '≥ 15,000/s', met: (m) => m >= 15_000 },
  pg_ingest_open_p99_ms: { text: '≤ 100 ms', met: (m) => m <= 100 },
  member_lookup_ms: { text: '≤ 50 ms (p95, 20,000 members)', met: (m) => m <= 50 },
  qr_decode_ms: { text: '≤ 100 ms (p95, one frame)', met: (m) => m <= 100 },
  wish_wall_render_ms: { text: '≤ 50 ms (p95, 500 open wishes)', met: (m) => m <= 50 },
  directory_nearest_ms: { text: '≤ 20 ms (p95, 500 stations)', met: (m) => m <= 20 },
  first_screen_js_gzip_kb: { text: '≤ 60 KB', met: (m) => m <= 60 },
  offline_cold_start_ms: { text: '≤ 500 ms', met: (m) => m <= 500 },
  dashboard_ms: { text: '≤ 300 ms (90 days, 2,000,000 visits, 200 stations)', met: (m) => m <= 300 },
  rollup_overhead: { text: '≥ 0.8× ingest without rollups', met: (m) => m >= 0.8 },
  pg_rollup_overhead: { text: '≥ 0.8× ingest without rollups', met: (m) => m >= 0.8 },
};
