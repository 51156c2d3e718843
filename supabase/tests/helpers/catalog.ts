// A comparable picture of a database's schema, read from the catalogs: every relation, column,
// constraint, index, policy, trigger, function, view definition, grant, comment and publication
// member of the application schemas. Two snapshots are equal when the schemas are.
import type pg from "pg";

const SCHEMAS = "('public', 'private', 'auth', 'extensions')";

const QUERIES: Record<string, string> = {
  schemas: `select nspname, nspacl::text from pg_namespace where nspname in ${SCHEMAS} order by 1`,
  relations: `
    select n.nspname, c.relname, c.relkind, c.relacl::text, c.reloptions::text, c.relrowsecurity, c.relforcerowsecurity,
           c.relreplident, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${SCHEMAS} order by 1, 2`,
  columns: `
    select n.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
           pg_get_expr(d.adbin, d.adrelid) as default, a.attacl::text, col_description(c.oid, a.attnum) as comment
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname in ${SCHEMAS} and a.attnum > 0 and not a.attisdropped order by 1, 2, 3`,
  constraints: `
    select n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${SCHEMAS} order by 1, 2, 3`,
  indexes: `select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in ${SCHEMAS} order by 1, 2, 3`,
  policies: `select schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check from pg_policies where schemaname in ${SCHEMAS} order by 1, 2, 3`,
  triggers: `
    select c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname in ${SCHEMAS} order by 1, 2`,
  functions: `
    select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) as args, pg_get_functiondef(p.oid) as def,
           p.proacl::text, obj_description(p.oid, 'pg_proc') as comment
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private', 'auth') order by 1, 2, 3`,
  views: `select schemaname, viewname, definition from pg_views where schemaname in ${SCHEMAS} order by 1, 2`,
  publication: `select pubname, schemaname, tablename from pg_publication_tables order by 1, 2, 3`,
  types: `
    select n.nspname, t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname in ${SCHEMAS} and t.typtype in ('c', 'e', 'd') order by 1, 2`,
};

export type CatalogSnapshot = Record<string, unknown[]>;

export async function catalogSnapshot(client: pg.ClientBase | pg.Pool): Promise<CatalogSnapshot> {
  const snapshot: CatalogSnapshot = {};
  for (const [name, sql] of Object.entries(QUERIES)) {
    snapshot[name] = (await client.query(sql)).rows;
  }
  return snapshot;
}
