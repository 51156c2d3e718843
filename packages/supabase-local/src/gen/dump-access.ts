// The schema dump's access rules: row level security flags, policies (on the dumped schemas'
// tables and on any other non-system table, such as realtime.messages), the privileges every
// role other than an object's owner holds, and publication membership.
import type { ClientBase } from "pg";
import { block, rowsOf, type Section, type SectionReader } from "./catalog";
import { lowerSql } from "./sql-case";

async function rowLevelSecurity(client: ClientBase, names: string[]): Promise<Section> {
  const rows = await rowsOf<{ statement: string }>(
    client,
    `select format('alter table %s enable row level security;', c.oid::regclass)
              || case when c.relforcerowsecurity then format(E'\\nalter table %s force row level security;', c.oid::regclass) else '' end as statement
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any ($1) and c.relkind in ('r', 'p') and (c.relrowsecurity or c.relforcerowsecurity)
     order by n.nspname, c.relname`,
    [names],
  );
  return { title: "row level security", blocks: rows.length === 0 ? [] : [rows.map((r) => r.statement).join("\n")] };
}

const COMMANDS: Record<string, string> = { r: "select", a: "insert", w: "update", d: "delete", "*": "all" };

async function policies(client: ClientBase): Promise<Section> {
  const rows = await rowsOf<{
    head: string;
    permissive: boolean;
    command: string;
    roles: string;
    using: string | null;
    check: string | null;
    comment: string | null;
  }>(
    client,
    `select format('create policy %I on %s', p.polname, p.polrelid::regclass) as head, p.polpermissive as permissive, p.polcmd as command,
            (select string_agg(case when r.oid = 0 then 'public' else quote_ident(ro.rolname) end, ', ' order by ro.rolname nulls first)
             from unnest(p.polroles) r (oid) left join pg_roles ro on ro.oid = r.oid) as roles,
            pg_get_expr(p.polqual, p.polrelid, true) as using, pg_get_expr(p.polwithcheck, p.polrelid, true) as check,
            format('comment on policy %I on %s is ', p.polname, p.polrelid::regclass) || quote_literal(obj_description(p.oid, 'pg_policy')) || ';' as comment
     from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema')
     order by n.nspname, c.relname, p.polname`,
  );
  const blocks = rows.map((p) => {
    const lines = [p.head, `  ${p.permissive ? "" : "as restrictive "}for ${COMMANDS[p.command] ?? p.command} to ${p.roles}`];
    if (p.using !== null) lines.push(`  using (${lowerSql(p.using)})`);
    if (p.check !== null) lines.push(`  with check (${lowerSql(p.check)})`);
    return block(`${lines.join("\n")};`, p.comment);
  });
  return { title: "policies", blocks };
}

// every privilege held by a role other than the owner, as grant statements: per object and set of
// privileges (`all` when that is every privilege the owner has by default), then per column
// privilege, to the grantees that hold them. A null ACL means the owner's defaults (PUBLIC executes functions);
// a type's default usage by PUBLIC is left out unless its ACL was changed.
const PRIVILEGE_ORDER = "'SELECT INSERT UPDATE DELETE TRUNCATE REFERENCES TRIGGER MAINTAIN EXECUTE USAGE CREATE TEMPORARY CONNECT'";
const GRANTS_SQL = `
with acl (sort, kind, object, owner, acl, default_kind) as (
  select 1, 'schema', quote_ident(n.nspname), n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner)), 'n'::"char"
  from pg_namespace n where n.nspname = any ($1)
  union all
  select 2, case c.relkind when 'S' then 'sequence' else 'table' end, c.oid::regclass::text, c.relowner,
         coalesce(c.relacl, acldefault((case c.relkind when 'S' then 's' else 'r' end)::"char", c.relowner)),
         (case c.relkind when 'S' then 's' else 'r' end)::"char"
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any ($1) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  union all
  select 3, case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure::text, p.proowner,
         coalesce(p.proacl, acldefault('f', p.proowner)), 'f'
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = any ($1) and p.prokind in ('f', 'p')
  union all
  select 4, case t.typtype when 'd' then 'domain' else 'type' end, t.oid::regtype::text, t.typowner, t.typacl, 'T'
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  where n.nspname = any ($1) and t.typacl is not null
),
held as (
  select acl.sort, acl.object, 1 as part, case when e.grantee = 0 then 'public' else quote_ident(r.rolname) end as grantee, e.is_grantable,
         format('grant %s on %s %s', case
           when count(*) > 1 and count(*) = (select count(*) from aclexplode(acldefault(acl.default_kind, acl.owner)) o where o.grantee = acl.owner) then 'all'
           else string_agg(lower(e.privilege_type), ', ' order by position(e.privilege_type in ${PRIVILEGE_ORDER})) end, acl.kind, acl.object) as statement
  from acl cross join lateral aclexplode(acl.acl) e left join pg_roles r on r.oid = e.grantee
  where e.grantee <> acl.owner
  group by acl.sort, acl.kind, acl.object, acl.owner, acl.default_kind, e.grantee, r.rolname, e.is_grantable
  union all
  select 2, c.oid::regclass::text, 2 + position(e.privilege_type in ${PRIVILEGE_ORDER}),
         case when e.grantee = 0 then 'public' else quote_ident(r.rolname) end, e.is_grantable,
         format('grant %s (%s) on table %s', lower(e.privilege_type), string_agg(quote_ident(a.attname), ', ' order by a.attnum), c.oid::regclass)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
  cross join lateral aclexplode(a.attacl) e left join pg_roles r on r.oid = e.grantee
  where n.nspname = any ($1) and a.attnum > 0 and not a.attisdropped and e.grantee <> c.relowner
  group by c.oid, e.privilege_type, e.grantee, r.rolname, e.is_grantable
)
select sort, object, format('%s to %s%s;', statement, string_agg(grantee, ', ' order by grantee collate "C"),
                      case when is_grantable then ' with grant option' else '' end) as statement
from held group by sort, object, part, statement, is_grantable
order by sort, object collate "C", part, statement collate "C", is_grantable`;

// a block per table or view, and one for each other kind of object (schemas, functions, types)
async function grants(client: ClientBase, names: string[]): Promise<Section> {
  const blocks = new Map<string, string[]>();
  for (const row of await rowsOf<{ sort: number; object: string; statement: string }>(client, GRANTS_SQL, [names])) {
    const key = row.sort === 2 ? `2 ${row.object}` : String(row.sort);
    blocks.set(key, [...(blocks.get(key) ?? []), row.statement]);
  }
  return { title: "grants", blocks: [...blocks.values()].map((statements) => statements.join("\n")) };
}

async function publications(client: ClientBase, names: string[]): Promise<Section> {
  const rows = await rowsOf<{ statement: string }>(
    client,
    `select statement from (
       select p.pubname, 1 as sort, quote_ident(n.nspname) as object,
              format('alter publication %I add tables in schema %I;', p.pubname, n.nspname) as statement
       from pg_publication_namespace pn join pg_publication p on p.oid = pn.pnpubid join pg_namespace n on n.oid = pn.pnnspid
       where n.nspname = any ($1)
       union all
       select p.pubname, 2, c.oid::regclass::text,
              format('alter publication %I add table %s', p.pubname, c.oid::regclass)
                || coalesce(' (' || (select string_agg(quote_ident(a.attname), ', ' order by a.attnum) from pg_attribute a
                                     where a.attrelid = pr.prrelid and a.attnum = any (pr.prattrs::int2[])) || ')', '')
                || coalesce(' where (' || pg_get_expr(pr.prqual, pr.prrelid, true) || ')', '') || ';'
       from pg_publication_rel pr join pg_publication p on p.oid = pr.prpubid
       join pg_class c on c.oid = pr.prrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any ($1)
     ) memberships order by pubname, sort, object collate "C"`,
    [names],
  );
  return { title: "publications", blocks: rows.length === 0 ? [] : [rows.map((r) => lowerSql(r.statement)).join("\n")] };
}

/** Row level security, policies, grants and publication membership. */
export const ACCESS_SECTIONS: SectionReader[] = [rowLevelSecurity, policies, grants, publications];
