/**
 * Statements whose SQL text depends only on their shape (which statement, how
 * many rows or ids), compiled by Kysely once per shape and dialect. Building
 * and compiling a 200-row insert cost Kysely more than SQLite spent running
 * it; later calls send the same text with the new parameters, which SQLite's
 * statement cache (open-database.ts) finds prepared. On PostgreSQL the text
 * starts with PREPARED_MARK, which open-postgres.ts turns into a named
 * statement: each connection parses and plans it once, not at every push (a
 * 200-row insert has 2,000 parameters to parse).
 */
import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely } from 'kysely';
import { districtOf } from './district-key';

/** A statement whose text starts with this is prepared once per PostgreSQL connection (open-postgres.ts). */
export const PREPARED_MARK = '/* ws:prepared */ ';

/** Rows per multi-row insert: a kiosk's whole batch in one statement, well inside every engine's parameter limit. */
export const ROWS_PER_INSERT = 500;

/** Per dialect adapter: shape key → SQL text. */
const texts = new WeakMap<object, Map<string, string>>();
const MAX_SHAPES = 512;

/**
 * Runs the statement `build` makes, whose parameters must be exactly
 * `parameters`, in order; `shape` names everything else its text depends on.
 */
export async function executeShaped<R>(
  db: Pick<Kysely<never>, 'executeQuery' | 'getExecutor'>,
  shape: string,
  parameters: unknown[],
  build: () => Compilable<R>,
): Promise<R[]> {
  const adapter = db.getExecutor().adapter;
  let byShape = texts.get(adapter);
  if (!byShape) texts.set(adapter, (byShape = new Map()));
  // The district key writes its column into the text: a store's statements with it and a migration's without stay apart.
  const district = districtOf(db);
  if (district) shape = `${district}:${shape}`;
  // Kysely leaves undefined values out of a statement, so its text would differ: build those afresh.
  const reusable = !parameters.includes(undefined);
  const text = reusable ? byShape.get(shape) : undefined;
  if (text !== undefined) return (await db.executeQuery<R>(CompiledQuery.raw(text, parameters))).rows;
  const compiled = build().compile();
  // Keep the text only when Kysely bound exactly these values in this order (none inlined into the text).
  if (reusable && sameValues(compiled.parameters, parameters)) {
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    const kept = adapter instanceof PostgresAdapter ? PREPARED_MARK + compiled.sql : compiled.sql;
    byShape.set(shape, kept);
    return (await db.executeQuery<R>(CompiledQuery.raw(kept, parameters))).rows;
  }
  return (await db.executeQuery(compiled)).rows;
}

/** The values of same-shaped rows in row order, as a multi-row insert binds them (flatMap cost 1.4 µs a row more). */
export function rowValues(rows: readonly object[]): unknown[] {
  const out: unknown[] = [];
  for (const row of rows) for (const value of Object.values(row)) out.push(value);
  return out;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}
