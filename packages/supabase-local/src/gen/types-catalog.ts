// What the TypeScript types are generated from, read from the catalog as the Supabase type
// generator (postgres-meta) reads it: relations and their columns, foreign keys, the origins of
// view columns, functions PostgREST can call, and every type (for names, enums and composites).
import type { ClientBase } from "pg";
import { rowsOf } from "./catalog";

export interface Column {
  name: string;
  attnum: number;
  /** the type's name, a domain's base type's name; `_x` for an array of x */
  format: string;
  nullable: boolean;
  hasDefault: boolean;
  /** "a" (always), "d" (by default) or "" */
  identity: string;
  updatable: boolean;
}

export interface Relation {
  id: string;
  schema: string;
  name: string;
  /** r, p (tables), f (foreign tables), v (views), m (materialized views) */
  kind: string;
  /** a view that takes inserts and updates */
  updatable: boolean;
  columns: Column[];
  /** a view's column origins, from its stored query tree */
  viewDefinition: string | null;
}

export interface ForeignKey {
  name: string;
  schema: string;
  relation: string;
  relationId: string;
  columns: string[];
  /** the attnums of `columns` */
  columnNumbers: number[];
  referencedSchema: string;
  referencedRelation: string;
  referencedRelationId: string;
  referencedColumns: string[];
  referencedColumnNumbers: number[];
  /** the referencing columns are a primary key or unique constraint of their table */
  isOneToOne: boolean;
}

export interface FunctionArg {
  /** in, out, inout, variadic or table */
  mode: string;
  name: string;
  typeId: string;
  hasDefault: boolean;
}

export interface PgFunction {
  schema: string;
  name: string;
  args: FunctionArg[];
  /** pg_get_function_arguments */
  argumentTypes: string;
  /** pg_get_function_result */
  returnType: string;
  returnTypeId: string;
  returnTypeRelationId: string | null;
  returnsSet: boolean;
  /** the row estimate of a set-returning function */
  rows: number | null;
}

export interface PgType {
  id: string;
  name: string;
  schema: string;
  /** format_type: the name as the search path shows it */
  format: string;
  enums: string[];
  attributes: { name: string; typeId: string }[];
  relationId: string | null;
}

export interface TypesCatalog {
  /** the schemas asked for that exist */
  schemas: string[];
  relations: Relation[];
  foreignKeys: ForeignKey[];
  functions: PgFunction[];
  types: PgType[];
}

async function relations(client: ClientBase, schemas: string[]): Promise<Relation[]> {
  const rows = await rowsOf<Omit<Relation, "columns"> & { columns: Column[] | null }>(
    client,
    `select c.oid::text as id, n.nspname as schema, c.relname as name, c.relkind::text as kind,
            (pg_relation_is_updatable(c.oid, false) & 20) = 20 as updatable,
            case when c.relkind in ('v', 'm') then (select r.ev_action::text from pg_rewrite r where r.ev_class = c.oid and r.rulename = '_RETURN') end as "viewDefinition",
            (select json_agg(json_build_object(
                      'name', a.attname, 'attnum', a.attnum, 'format', coalesce(bt.typname, t.typname),
                      'nullable', not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)), 'hasDefault', a.atthasdef,
                      'identity', a.attidentity::text,
                      'updatable', c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and pg_column_is_updatable(c.oid, a.attnum, false)))
                    order by a.attnum)
             from pg_attribute a join pg_type t on t.oid = a.atttypid
             left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any ($1) and c.relkind in ('r', 'p', 'f', 'v', 'm')`,
    [schemas],
  );
  return rows.map((r) => ({ ...r, columns: r.columns ?? [] }));
}

// the names of columns `attnums` (an array of attnums) of `relation`, in the array's order
function columnNames(attnums: string, relation: string): string {
  return `(select array_agg(a.attname::text order by k.ord) from unnest(${attnums}) with ordinality k (attnum, ord)
           join pg_attribute a on a.attrelid = ${relation} and a.attnum = k.attnum)`;
}

// foreign keys declared in `schemas` (a partition's copies left out)
async function foreignKeys(client: ClientBase, schemas: string[]): Promise<ForeignKey[]> {
  return rowsOf<ForeignKey>(
    client,
    `select f.conname as name, n.nspname as schema, c.relname as relation, c.oid::text as "relationId",
            ${columnNames("f.conkey", "f.conrelid")} as columns,
            rn.nspname as "referencedSchema", rc.relname as "referencedRelation", rc.oid::text as "referencedRelationId",
            ${columnNames("f.confkey", "f.confrelid")} as "referencedColumns",
            f.conkey::int[] as "columnNumbers", f.confkey::int[] as "referencedColumnNumbers",
            exists (
              select 1 from pg_constraint u
              where u.conrelid = f.conrelid and u.contype in ('p', 'u')
                and (select array_agg(a.attname::text order by a.attnum) from pg_attribute a where a.attrelid = u.conrelid and a.attnum = any (u.conkey))
                  = ${columnNames("f.conkey", "f.conrelid")}
            ) as "isOneToOne"
     from pg_constraint f join pg_namespace n on n.oid = f.connamespace
     join pg_class c on c.oid = f.conrelid join pg_class rc on rc.oid = f.confrelid join pg_namespace rn on rn.oid = rc.relnamespace
     where f.contype = 'f' and f.conparentid = 0 and n.nspname = any ($1)`,
    [schemas],
  );
}

const ARG_MODES: Record<string, string> = { i: "in", o: "out", b: "inout", v: "variadic", t: "table" };

// functions (not procedures, not triggers) with every argument: the in arguments count
// `pronargs`, the last `pronargdefaults` of them with defaults
async function functions(client: ClientBase, schemas: string[]): Promise<PgFunction[]> {
  const rows = await rowsOf<
    Omit<PgFunction, "args"> & { modes: string[] | null; names: string[] | null; types: string[]; nargs: number; ndefaults: number }
  >(
    client,
    `select n.nspname as schema, p.proname as name, pg_get_function_arguments(p.oid) as "argumentTypes",
            pg_get_function_result(p.oid) as "returnType", p.prorettype::text as "returnTypeId",
            nullif(rt.typrelid, 0)::text as "returnTypeRelationId", p.proretset as "returnsSet",
            case when p.proretset then nullif(p.prorows, 0)::float8 end as rows,
            p.proargmodes::text[] as modes, p.proargnames as names,
            coalesce(p.proallargtypes, p.proargtypes::oid[])::text[] as types, p.pronargs as nargs, p.pronargdefaults as ndefaults
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type rt on rt.oid = p.prorettype
     where n.nspname = any ($1) and p.prokind = 'f' and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)`,
    [schemas],
  );
  return rows.map(({ modes, names, types, nargs, ndefaults, ...fn }) => ({
    ...fn,
    args: types.map((typeId, i) => ({
      mode: ARG_MODES[modes?.[i] ?? "i"] ?? "in",
      name: names?.[i] ?? "",
      typeId,
      hasDefault: i < nargs && i >= nargs - ndefaults,
    })),
  }));
}

// every type but arrays' own rows: names for arguments and results, enums and composite types
async function types(client: ClientBase): Promise<PgType[]> {
  return rowsOf<PgType>(
    client,
    `select t.oid::text as id, t.typname as name, n.nspname as schema, format_type(t.oid, null) as format,
            coalesce((select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid), '[]') as enums,
            coalesce((select json_agg(json_build_object('name', a.attname, 'typeId', a.atttypid::text) order by a.attnum)
                      from pg_class c join pg_attribute a on a.attrelid = c.oid
                      where c.oid = t.typrelid and c.relkind = 'c' and not a.attisdropped), '[]') as attributes,
            nullif(t.typrelid, 0)::text as "relationId"
     from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where t.typrelid = 0 or (select c.relkind from pg_class c where c.oid = t.typrelid) in ('c', 'r', 'v', 'm', 'p')`,
  );
}

export async function readTypesCatalog(client: ClientBase, schemas: string[]): Promise<TypesCatalog> {
  const existing = await rowsOf<{ name: string }>(client, "select nspname as name from pg_namespace where nspname = any ($1)", [schemas]);
  return {
    schemas: existing.map((s) => s.name),
    relations: await relations(client, schemas),
    foreignKeys: await foreignKeys(client, schemas),
    functions: await functions(client, schemas),
    types: await types(client),
  };
}
