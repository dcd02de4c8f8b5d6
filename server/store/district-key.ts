/**
 * The district key (PostgreSQL). Every table a district's kiosks write carries
 * `district_id` in its primary key and in every unique key (migration 0017; last,
 * so a look-up by id still has the id leading the index), so the step to a database sharded by district (Citus: each of these
 * tables distributed by `district_id`, co-located; stations, devices, admins and
 * the rest kept as reference tables) needs no new keys. A store belongs to one
 * district, whose id it keeps in `store_meta` (made at its first start or the
 * upgrade, random, so two districts' stores merged into one cluster never share one).
 *
 * The store's statements name no district: this Kysely plugin writes the
 * store's id into every row inserted into these tables, adds it to every
 * conflict target, and keeps every read, update and delete of them to the
 * store's rows. The id is written into the text (a literal, not a parameter),
 * so statements kept by shape (execute-shaped.ts) stay one text each. Statements
 * written as raw SQL (rollups.ts, visits.ts) name it through `districtSql`.
 * SQLite holds one district by construction and has no such column.
 */
import {
  AliasNode,
  AndNode,
  BinaryOperationNode,
  ColumnNode,
  type ColumnUpdateNode,
  IdentifierNode,
  type JoinNode,
  OnConflictNode,
  OnNode,
  OperationNodeTransformer,
  OperatorNode,
  ParensNode,
  PrimitiveValueListNode,
  RawNode,
  ReferenceNode,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  WhereNode,
  sql,
  type DeleteQueryNode,
  type InsertQueryNode,
  type Kysely,
  type KyselyPlugin,
  type MergeQueryNode,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type SelectQueryNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely';
import type { Db } from './schema';

/** The column. */
export const DISTRICT_COLUMN = 'district_id';

/** The tables a district's kiosks and admins write, one district's rows apart from another's. */
export const DISTRICT_TABLES: readonly string[] = [
  'visits',
  'visit_services',
  'changes',
  'discarded',
  'records',
  'change_log',
  'rollup_days',
  'rollup_hours',
  'members',
  'member_phones',
  'signups',
  'attendance',
  'suggestion_codes',
  'suggestion_index',
  'suggestion_photos',
];

/** Where the store keeps its district's id. */
export const DISTRICT_META_KEY = 'district_id';

const districtTables = new Set(DISTRICT_TABLES);

/** A district id: short, lower-case, safe as an SQL literal and in a file name. */
export const DISTRICT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export class DistrictKey implements KyselyPlugin {
  readonly #transformer: DistrictTransformer;

  constructor(readonly district: string) {
    if (!DISTRICT_ID_PATTERN.test(district)) throw new Error(`Not a district id: ${JSON.stringify(district)}`);
    this.#transformer = new DistrictTransformer(district);
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(node);
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

/** The district the store belongs to, or undefined before migration 0017 (and on SQLite). */
export async function storeDistrict(db: Kysely<Db>): Promise<string | undefined> {
  const row = await db.selectFrom('store_meta').select('value').where('key', '=', DISTRICT_META_KEY).executeTakeFirst();
  return row?.value;
}

/** The district `db` writes as, or undefined where it has no district column (SQLite; PostgreSQL before 0017). */
export function districtOf(db: Pick<Kysely<never>, 'getExecutor'>): string | undefined {
  for (const plugin of db.getExecutor().plugins) if (plugin instanceof DistrictKey) return plugin.district;
  return undefined;
}

/**
 * The district's parts of a raw insert, empty where there is no district column: `column` and
 * `value` lead the column and value lists, `key` ends the conflict target.
 */
export function districtSql(db: Pick<Kysely<never>, 'getExecutor'>) {
  const district = districtOf(db);
  return district
    ? { column: sql`district_id, `, value: sql`${sql.lit(district)}, `, key: sql`, district_id` }
    : { column: sql``, value: sql``, key: sql`` };
}

class DistrictTransformer extends OperationNodeTransformer {
  readonly #value: ValueNode;

  constructor(district: string) {
    super();
    this.#value = ValueNode.createImmediate(district);
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: QueryId): SelectQueryNode {
    const out = super.transformSelectQuery(node, queryId);
    const froms = out.from?.froms ?? [];
    // A right or full join keeps rows the where would drop, or that its condition does not filter.
    if (froms.some((f) => reference(f)) && out.joins?.some((j) => OUTER_JOINS.has(j.joinType))) {
      throw new Error('district key: a right or full join beside a district table is not kept to the district');
    }
    return this.#restrict(out, froms);
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    const out = super.transformUpdateQuery(node, queryId);
    return this.#restrict(out, [...(out.table ? [out.table] : []), ...(out.from?.froms ?? [])]);
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId): DeleteQueryNode {
    const out = super.transformDeleteQuery(node, queryId);
    return this.#restrict(out, [...out.from.froms, ...(out.using?.tables ?? [])]);
  }

  /** A joined district table is kept to the district in its join's condition (a left join stays one). */
  protected override transformJoin(node: JoinNode, queryId?: QueryId): JoinNode {
    const out = super.transformJoin(node, queryId);
    const ref = reference(out.table);
    if (!ref) return out;
    if (!ON_JOINS.has(out.joinType)) {
      throw new Error(
        `district key: a ${out.joinType} of ${tableName(ref)} is not kept to the district; use an inner or left join`,
      );
    }
    const test = this.#test(ref);
    return { ...out, on: OnNode.create(out.on ? AndNode.create(ParensNode.create(out.on.on), test) : test) };
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const out = super.transformInsertQuery(node, queryId);
    if (!out.into || !districtTables.has(tableName(out.into))) return out;
    const table = tableName(out.into);
    const listed = out.columns?.findIndex((c) => c.column.name === DISTRICT_COLUMN) ?? -1;
    if (listed >= 0) {
      // Already given (a builder embedded in another is transformed again): only this district's own id.
      this.#checkGiven(table, out.values, listed);
      return out;
    }
    if (!out.columns || !out.values || !ValuesNode.is(out.values)) {
      throw new Error(`district key: an insert into ${table} needs a values list`);
    }
    const rows = out.values.values.map((row) =>
      PrimitiveValueListNode.is(row)
        ? ValueListNode.create([this.#value, ...row.values.map((v) => ValueNode.create(v))])
        : ValueListNode.create([this.#value, ...row.values]),
    );
    let onConflict = out.onConflict;
    if (onConflict && (onConflict.constraint || onConflict.indexExpression)) {
      throw new Error(`district key: a conflict target on ${table} must name its columns`);
    }
    if (onConflict?.columns) {
      onConflict = OnConflictNode.cloneWith(onConflict, {
        columns: [...onConflict.columns, ColumnNode.create(DISTRICT_COLUMN)],
      });
    }
    return {
      ...out,
      columns: [ColumnNode.create(DISTRICT_COLUMN), ...out.columns],
      values: ValuesNode.create(rows),
      ...(onConflict ? { onConflict } : {}),
    };
  }

  protected override transformMergeQuery(node: MergeQueryNode, queryId?: QueryId): MergeQueryNode {
    const into = TableNode.is(node.into) ? node.into : TableNode.is(node.into.node) ? node.into.node : undefined;
    if (into && districtTables.has(tableName(into))) {
      throw new Error(`district key: merge into ${tableName(into)} is not kept to the district`);
    }
    return super.transformMergeQuery(node, queryId);
  }

  /** No statement moves a row to another district. */
  protected override transformColumnUpdate(node: ColumnUpdateNode, queryId?: QueryId): ColumnUpdateNode {
    if (ColumnNode.is(node.column) && node.column.column.name === DISTRICT_COLUMN) {
      throw new Error('district key: a row keeps its district');
    }
    return super.transformColumnUpdate(node, queryId);
  }

  /** A raw from item naming a district table cannot be kept to the district: refused, not read whole. */
  protected override transformAlias(node: AliasNode, queryId?: QueryId): AliasNode {
    if (RawNode.is(node.node)) {
      const text = node.node.sqlFragments.join(' ');
      const named = DISTRICT_TABLES.find((t) => new RegExp(`(^|[^a-z_])${t}([^a-z_]|$)`).test(text));
      if (named) throw new Error(`district key: raw SQL naming ${named} is not kept to the district`);
    }
    return super.transformAlias(node, queryId);
  }

  #checkGiven(table: string, values: OperationNode | undefined, at: number): void {
    const rows = values && ValuesNode.is(values) ? values.values : [];
    for (const row of rows) {
      const given = PrimitiveValueListNode.is(row)
        ? row.values[at]
        : ValueNode.is(row.values[at]!)
          ? (row.values[at] as ValueNode).value
          : undefined;
      if (given !== this.#value.value) throw new Error(`district key: a row of ${table} for another district`);
    }
    if (rows.length === 0) throw new Error(`district key: an insert into ${table} needs a values list`);
  }

  /** `<table or alias>.district_id = '<district>'` */
  #test(ref: TableNode): BinaryOperationNode {
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create(DISTRICT_COLUMN), ref),
      OperatorNode.create('='),
      this.#value,
    );
  }

  /** The where, kept to the district for each district table among `items` (the from list). */
  #restrict<T extends { readonly where?: WhereNode }>(node: T, items: readonly OperationNode[]): T {
    const tests = items
      .map(reference)
      .filter((r) => r !== undefined)
      .map((r) => this.#test(r));
    if (tests.length === 0) return node;
    let filter: OperationNode = node.where ? ParensNode.create(node.where.where) : tests.shift()!;
    for (const test of tests) filter = AndNode.create(filter, test);
    return { ...node, where: WhereNode.create(filter) };
  }
}

/** Joins whose condition keeps the joined table's rows to the district. */
const ON_JOINS = new Set<JoinNode['joinType']>(['InnerJoin', 'LeftJoin', 'LateralInnerJoin', 'LateralLeftJoin']);
/** Joins that keep rows of the table in the from list whatever the where says. */
const OUTER_JOINS = new Set<JoinNode['joinType']>(['RightJoin', 'FullJoin']);

/** The table (or its alias, as a table name) a from or join item names, when it is a district table. */
function reference(item: OperationNode): TableNode | undefined {
  if (TableNode.is(item)) return districtTables.has(tableName(item)) ? item : undefined;
  if (AliasNode.is(item) && TableNode.is(item.node) && districtTables.has(tableName(item.node))) {
    const alias = item.alias;
    return IdentifierNode.is(alias) ? TableNode.create(alias.name) : undefined;
  }
  return undefined;
}

function tableName(t: TableNode): string {
  return t.table.identifier.name;
}
