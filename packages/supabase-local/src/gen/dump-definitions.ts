// The schema dump's definitions that tables build on: the schemas themselves, extensions installed
// in them, domains, enum and composite types, and functions (as pg_get_functiondef prints them).
import { notFromExtension, querySection, type SectionReader } from "./catalog";
import { lowerSql } from "./sql-case";

const schemas = querySection(
  "schemas",
  `select format('create schema if not exists %I;', n.nspname) as statement,
          format('comment on schema %I is ', n.nspname) || quote_literal(obj_description(n.oid, 'pg_namespace')) || ';' as comment
   from pg_namespace n where n.nspname = any ($1) order by n.nspname`,
);

const extensions = querySection(
  "extensions",
  `select format('create extension if not exists %I with schema %I;', e.extname, n.nspname) as statement
   from pg_extension e join pg_namespace n on n.oid = e.extnamespace
   where n.nspname = any ($1) order by e.extname`,
);

// the types of kind `typtype` a schema defines itself: not arrays, not the row types of its tables
function ownTypes(typtype: string, join = ""): string {
  return `
  from pg_type t join pg_namespace n on n.oid = t.typnamespace ${join}
  where n.nspname = any ($1) and t.typtype = '${typtype}' and ${notFromExtension("pg_type", "t.oid")}
    and (t.typrelid = 0 or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
    and not exists (select 1 from pg_type e where e.oid = t.typelem and e.typarray = t.oid)
  order by n.nspname, t.typname`;
}

const typeComment = (kind: string) =>
  `format('comment on ${kind} %s is ', t.oid::regtype) || quote_literal(obj_description(t.oid, 'pg_type')) || ';' as comment`;

const domains = querySection(
  "domains",
  `select format('create domain %s as %s', t.oid::regtype, format_type(t.typbasetype, t.typtypmod))
            || case when t.typcollation <> b.typcollation
                 then (select format(' collate %I.%I', cn.nspname, co.collname) from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace where co.oid = t.typcollation)
                 else '' end
            || coalesce(' default ' || pg_get_expr(t.typdefaultbin, 0, true), '')
            || coalesce((select string_agg(format(E'\\n  constraint %I %s', k.conname, pg_get_constraintdef(k.oid, true)), '' order by k.conname)
                         from pg_constraint k where k.contypid = t.oid), '')
            || ';' as statement,
          ${typeComment("domain")}
   ${ownTypes("d", "join pg_type b on b.oid = t.typbasetype")}`,
  lowerSql,
);

const enums = querySection(
  "enums",
  `select format('create type %s as enum (%s);', t.oid::regtype,
            (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid)) as statement,
          ${typeComment("type")}
   ${ownTypes("e")}`,
);

const compositeTypes = querySection(
  "composite types",
  `select format(E'create type %s as (\\n%s\\n);', t.oid::regtype,
            (select string_agg(format('  %I %s', a.attname, format_type(a.atttypid, a.atttypmod)), E',\\n' order by a.attnum)
             from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)) as statement,
          ${typeComment("type")}
   ${ownTypes("c")}`,
);

const functions = querySection(
  "functions",
  `select pg_get_functiondef(p.oid) as statement,
          format('comment on %s %s is ', case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure)
            || quote_literal(obj_description(p.oid, 'pg_proc')) || ';' as comment
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = any ($1) and p.prokind in ('f', 'p') and ${notFromExtension("pg_proc", "p.oid")}
   order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) collate "C"`,
  (statement) => `${lowerSql(statement.trim())};`,
);

/** Schemas, extensions, domains, enums, composite types and functions. */
export const DEFINITION_SECTIONS: SectionReader[] = [schemas, extensions, domains, enums, compositeTypes, functions];
