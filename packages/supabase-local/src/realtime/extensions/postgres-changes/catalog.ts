// What the service needs to know about published tables, read from the catalogs and cached per
// table until logical replication describes the table again (pgoutput resends a table's
// description after any change to it, grants included): columns in attnum order with their type
// name (what `columns[].type` reports), how each value turns into JSON, the primary key, whether
// row level security is on, and which columns each role may select.
import type pg from "pg";
import type { JsOrder } from "./filters";
import { scalarKind, TEXT_KIND, type ValueKind } from "./values";

export type Queryable = Pick<pg.Pool, "query">;

export interface ColumnMeta {
  attnum: number;
  name: string;
  /** pg_type.typname: what Realtime reports as the column's type */
  typname: string;
  /** the type as SQL, for casts */
  typeSql: string;
  isPk: boolean;
  kind: ValueKind;
  /** how JavaScript may compare this column's canonical text forms in filters, if exactly */
  jsOrder: { order: JsOrder; trimTrailingSpaces: boolean } | null;
}

export interface RelationMeta {
  oid: number;
  schema: string;
  table: string;
  rls: boolean;
  columns: ColumnMeta[];
  byName: Map<string, ColumnMeta>;
  pk: ColumnMeta[];
}

interface TypeInfo {
  oid: number;
  name: string;
  namespace: string;
  typtype: string;
  category: string;
  elem: number;
  base: number;
  delim: string;
}

const INTEGER_TYPES = new Set(["int2", "int4", "int8", "oid"]);
const TEXT_TYPES = new Set(["text", "varchar", "bpchar", "name"]);

async function loadTypes(db: Queryable, oids: number[], cache: Map<number, TypeInfo>): Promise<void> {
  const missing = [...new Set(oids)].filter((oid) => oid !== 0 && !cache.has(oid));
  if (missing.length === 0) return;
  const { rows } = await db.query<TypeInfo>(
    `select t.oid::int as oid, t.typname as name, n.nspname as namespace, t.typtype::text as typtype, t.typcategory::text as category,
            t.typelem::int as elem, t.typbasetype::int as base, t.typdelim::text as delim
     from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
     where t.oid = any($1::oid[])`,
    [missing],
  );
  for (const row of rows) cache.set(row.oid, row);
  const next = rows.flatMap((row) => [row.elem, row.base]).filter((oid) => oid !== 0 && !cache.has(oid));
  if (next.length > 0) await loadTypes(db, next, cache);
}

/** The base (non-domain) type of `oid`. */
function baseType(oid: number, types: Map<number, TypeInfo>): TypeInfo | undefined {
  let info = types.get(oid);
  for (let depth = 0; info && info.typtype === "d" && depth < 10; depth++) info = types.get(info.base);
  return info;
}

function kindOf(oid: number, types: Map<number, TypeInfo>): ValueKind {
  const info = baseType(oid, types);
  if (!info) return TEXT_KIND;
  if (info.category === "A" && info.elem !== 0) {
    const element = types.get(info.elem);
    return { kind: "array", element: kindOf(info.elem, types), delimiter: element?.delim ?? "," };
  }
  return info.namespace === "pg_catalog" ? scalarKind(info.name) : TEXT_KIND;
}

function jsOrderOf(oid: number, collationDeterministic: boolean, types: Map<number, TypeInfo>): ColumnMeta["jsOrder"] {
  const info = baseType(oid, types);
  if (!info) return null;
  if (info.typtype === "e") return { order: "equality", trimTrailingSpaces: false };
  if (info.namespace !== "pg_catalog") return null;
  if (INTEGER_TYPES.has(info.name)) return { order: "integer", trimTrailingSpaces: false };
  if (info.name === "uuid" || info.name === "bool") return { order: "text", trimTrailingSpaces: false };
  if (TEXT_TYPES.has(info.name) && collationDeterministic) return { order: "equality", trimTrailingSpaces: info.name === "bpchar" };
  return null;
}

interface ColumnRow {
  attnum: number;
  name: string;
  type_oid: number;
  typname: string;
  type_sql: string;
  is_pk: boolean;
  deterministic: boolean;
}

/** Reads a table's description (null when it no longer exists). */
export async function describeRelation(db: Queryable, oid: number, types = new Map<number, TypeInfo>()): Promise<RelationMeta | null> {
  const rel = await db.query<{ schema: string; table: string; rls: boolean }>(
    `select n.nspname as schema, c.relname as table, c.relrowsecurity as rls
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = $1`,
    [oid],
  );
  const head = rel.rows[0];
  if (!head) return null;
  const { rows } = await db.query<ColumnRow>(
    `select a.attnum::int as attnum, a.attname as name, a.atttypid::int as type_oid, t.typname, a.atttypid::regtype::text as type_sql,
            coalesce(a.attnum = any (pk.conkey), false) as is_pk, coalesce(coll.collisdeterministic, true) as deterministic
     from pg_catalog.pg_attribute a
     join pg_catalog.pg_type t on t.oid = a.atttypid
     left join pg_catalog.pg_constraint pk on pk.conrelid = a.attrelid and pk.contype = 'p'
     left join pg_catalog.pg_collation coll on coll.oid = a.attcollation
     where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [oid],
  );
  await loadTypes(
    db,
    rows.map((row) => row.type_oid),
    types,
  );
  const columns: ColumnMeta[] = rows.map((row) => ({
    attnum: row.attnum,
    name: row.name,
    typname: row.typname,
    typeSql: row.type_sql,
    isPk: row.is_pk,
    kind: kindOf(row.type_oid, types),
    jsOrder: jsOrderOf(row.type_oid, row.deterministic, types),
  }));
  return {
    oid,
    schema: head.schema,
    table: head.table,
    rls: head.rls,
    columns,
    byName: new Map(columns.map((column) => [column.name, column])),
    pk: columns.filter((column) => column.isPk),
  };
}

/** The columns of table `oid` that `role` may select (empty when the role does not exist). */
export async function selectableColumns(db: Queryable, oid: number, role: string): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>(
    `select a.attname as name from pg_catalog.pg_attribute a
     where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped
       and exists (select 1 from pg_catalog.pg_roles r where r.rolname = $2)
       and pg_catalog.has_column_privilege($2, a.attrelid, a.attnum, 'SELECT')`,
    [oid, role],
  );
  return new Set(rows.map((row) => row.name));
}

/** Cached table descriptions and column privileges, dropped when replication redescribes a table. */
export class Catalog {
  private readonly types = new Map<number, TypeInfo>();
  private readonly relations = new Map<number, Promise<RelationMeta | null>>();
  private readonly privileges = new Map<string, Promise<Set<string>>>();

  constructor(private readonly db: Queryable) {}

  relation(oid: number): Promise<RelationMeta | null> {
    let cached = this.relations.get(oid);
    if (!cached) {
      cached = describeRelation(this.db, oid, this.types);
      this.relations.set(oid, cached);
      cached.catch(() => this.relations.delete(oid));
    }
    return cached;
  }

  selectable(oid: number, role: string): Promise<Set<string>> {
    const key = `${oid}\u0000${role}`;
    let cached = this.privileges.get(key);
    if (!cached) {
      cached = selectableColumns(this.db, oid, role);
      this.privileges.set(key, cached);
      cached.catch(() => this.privileges.delete(key));
    }
    return cached;
  }

  invalidate(oid: number): void {
    this.relations.delete(oid);
    for (const key of this.privileges.keys()) if (key.startsWith(`${oid}\u0000`)) this.privileges.delete(key);
    this.types.clear();
  }
}
