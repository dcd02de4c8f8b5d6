/** What every benchmark section gets: the page on the server's origin, the server, and the run's size. */
import type { Browser, Page } from 'playwright-core';
import type { Kysely } from 'kysely';
import type { Db } from '../../server/store/schema';
import type { Figure } from './stats';
import type { BenchServer } from './server';

export interface BenchContext {
  quick: boolean;
  reps: number;
  browser: Browser;
  /** A page at /bench.html with `window.bench` loaded (no service worker). */
  page: Page;
  server: BenchServer;
  db: Kysely<Db>;
  distDir: string;
  /** A scratch directory on the same disk as the server's data (removed after the run). */
  workDir: string;
  /** A fresh device token for a new kiosk at a new station. */
  newDeviceToken(): Promise<string>;
  log(line: string): void;
  /** Records a fact about the run's environment (e.g. the PostgreSQL settings) in the results' `machine`. */
  note(key: string, value: unknown): void;
}

export type Figures = Record<string, Figure>;

/** Calls a `window.bench` function in the page. */
export function inPage<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, params]) =>
      (window as unknown as { bench: Record<string, (...a: unknown[]) => Promise<unknown>> }).bench[name as string]!(
        ...(params as unknown[]),
      ),
    [fn, args] as const,
  ) as Promise<T>;
}
