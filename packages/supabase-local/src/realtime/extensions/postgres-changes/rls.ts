// Row level security for postgres_changes: may a subscriber's JWT select the changed row? As
// Realtime's apply_rls does, the row is looked up by its primary key as the JWT's role with the
// JWT's claims in `request.jwt.claims`, at the time the change is dispatched, and one call inside
// the database answers for every distinct set of claims: a PL/pgSQL function that, per set,
// switches role and claims and runs the lookup. The lookup is static SQL in that function, so its
// plan is kept for the connection (a plan per statement would cost more than the check itself).
// The function is a temporary one, created on each pooled connection the first time it checks a
// table. A set whose check raises an error (a policy failing, a statement timeout) is not shown
// the row; a lost connection is thrown to the caller, which retries the change.
//
// Logical decoding may hand over a commit a moment before the committing backend leaves the proc
// array, while new snapshots still treat the transaction as running: a check made then would not
// find the row. So the same round trip first asks whether the transaction is visible yet, and the
// check is repeated until it is.
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { RelationMeta } from "./catalog";
import { isConnectionError } from "./connection-errors";

export interface ClaimsSet {
  role: string;
  /** the claims as JSON, as they go into request.jwt.claims */
  claimsJson: string;
}

/** Whether transaction `xid` (32 bits, widened with the current epoch) is visible to a snapshot taken now. */
function visibleSql(xid: number): string {
  const x = `${Math.trunc(xid)}::numeric`;
  return `select pg_catalog.pg_visible_in_snapshot(greatest(w.full_xid, 0)::text::xid8, s.snap) as visible
    from (select pg_catalog.pg_current_snapshot() as snap) s,
    lateral (select pg_catalog.pg_snapshot_xmax(s.snap)::text::numeric as xmax) m,
    lateral (select case when floor(m.xmax / 4294967296) * 4294967296 + ${x} > m.xmax
                         then (floor(m.xmax / 4294967296) - 1) * 4294967296 + ${x}
                         else floor(m.xmax / 4294967296) * 4294967296 + ${x} end as full_xid) w`;
}

/** The check function of a table: its name follows the table and its key's columns and types. */
function checkFunction(relation: RelationMeta): { name: string; createSql: string } {
  const key = relation.pk.map((column) => `${column.name} ${column.typeSql}`).join(",");
  const digest = createHash("sha1").update(`${relation.schema}.${relation.table}(${key})`).digest("hex").slice(0, 12);
  const name = `realtime_rls_${relation.oid}_${digest}`;
  const params = relation.pk.map((column, i) => `p_key${i} ${column.typeSql}`);
  const where = relation.pk.map((column, i) => `t.${pg.escapeIdentifier(column.name)} = p_key${i}`);
  const createSql = `create function pg_temp.${name}(p_roles text[], p_claims text[], ${params.join(", ")})
returns boolean[]
language plpgsql
as $fn$
declare
  visible boolean[] := '{}';
  found_row boolean;
begin
  for i in 1 .. coalesce(array_length(p_claims, 1), 0) loop
    perform pg_catalog.set_config('role', p_roles[i], true);
    perform pg_catalog.set_config('request.jwt.claims', p_claims[i], true);
    select exists (select 1 from ${pg.escapeIdentifier(relation.schema)}.${pg.escapeIdentifier(relation.table)} t where ${where.join(" and ")}) into found_row;
    visible := visible || found_row;
  end loop;
  perform pg_catalog.set_config('role', 'none', true);
  return visible;
end
$fn$`;
  return { name, createSql };
}

/** Check functions already created, per pooled connection. */
const created = new WeakMap<pg.ClientBase, Set<string>>();

async function ensureFunction(client: pg.PoolClient, fn: { name: string; createSql: string }): Promise<void> {
  const names = created.get(client) ?? new Set<string>();
  created.set(client, names);
  if (names.has(fn.name)) return;
  const { rows } = await client.query<{ present: boolean }>("select to_regproc($1) is not null as present", [`pg_temp.${fn.name}`]);
  if (rows[0]?.present !== true) await client.query(fn.createSql);
  names.add(fn.name);
}

function textArray(values: string[]): string {
  return pg.escapeLiteral(`{${values.map((value) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`);
}

function checkSql(relation: RelationMeta, fnName: string, pkValues: Map<string, string>, sets: ClaimsSet[]): string {
  const keys = relation.pk.map((column) => `${pg.escapeLiteral(pkValues.get(column.name) ?? "")}::${column.typeSql}`);
  const args = [`${textArray(sets.map((set) => set.role))}::text[]`, `${textArray(sets.map((set) => set.claimsJson))}::text[]`, ...keys];
  return `select pg_temp.${fnName}(${args.join(", ")}) as visible`;
}

/** visibility, begin, statement_timeout, the check, rollback */
function batch(xid: number, check: string): string {
  return [visibleSql(xid), "begin", "set local statement_timeout = '5s'", check, "rollback"].join(";\n");
}

const VISIBILITY_WAIT_MS = 10_000;

/** Runs the check until the transaction is visible to it (giving up on that after 10 s). */
async function runBatch(client: pg.PoolClient, xid: number, check: string, count: number): Promise<boolean[]> {
  const deadline = Date.now() + VISIBILITY_WAIT_MS;
  for (;;) {
    const results = (await client.query(batch(xid, check))) as unknown as pg.QueryResult<{ visible: unknown }>[];
    if (results[0]?.rows[0]?.visible === true || Date.now() > deadline) {
      const visible = results[3]?.rows[0]?.visible;
      return Array.from({ length: count }, (_, i) => Array.isArray(visible) && visible[i] === true);
    }
    await sleep(1);
  }
}

async function decide(
  client: pg.PoolClient,
  xid: number,
  relation: RelationMeta,
  pkValues: Map<string, string>,
  sets: ClaimsSet[],
): Promise<boolean[]> {
  const fn = checkFunction(relation);
  await ensureFunction(client, fn);
  // roles in runs: each change of role makes the lookup's plan be checked again
  const order = sets.map((_, i) => i).sort((a, b) => (sets[a]!.role < sets[b]!.role ? -1 : sets[a]!.role > sets[b]!.role ? 1 : a - b));
  const ordered = order.map((i) => sets[i]!);
  const answer = (results: boolean[]) => {
    const visible: boolean[] = new Array(sets.length);
    order.forEach((original, position) => (visible[original] = results[position] === true));
    return visible;
  };
  try {
    return answer(await runBatch(client, xid, checkSql(relation, fn.name, pkValues, ordered), ordered.length));
  } catch (error) {
    if (isConnectionError(error)) throw error;
    await client.query("rollback");
  }
  // some set's check failed: decide each set on its own, a failure meaning "not visible"
  const visible: boolean[] = [];
  for (const set of ordered) {
    try {
      visible.push((await runBatch(client, xid, checkSql(relation, fn.name, pkValues, [set]), 1))[0] === true);
    } catch (error) {
      if (isConnectionError(error)) throw error;
      await client.query("rollback");
      visible.push(false);
    }
  }
  return answer(visible);
}

/** Fewest sets worth a connection of their own, and most connections one change's checks use. */
const SETS_PER_PART = 32;
// (the service's pool holds 4 connections: one stays free for everything else)
const PARALLEL_CHECKS = Math.max(1, Math.min(3, availableParallelism()));

/**
 * For each claims set, whether it may see the row of `relation` whose primary key is `pkValues`
 * (column name → text form), as changed by transaction `xid`.
 */
export async function visibleTo(
  db: pg.Pool,
  relation: RelationMeta,
  pkValues: Map<string, string>,
  sets: ClaimsSet[],
  xid: number,
): Promise<boolean[]> {
  if (sets.length === 0) return [];
  if (relation.pk.length === 0) return sets.map(() => false);
  // many sets: split over connections, so the checks run on several cores at once
  const parts = Math.max(1, Math.min(PARALLEL_CHECKS, Math.floor(sets.length / SETS_PER_PART)));
  const size = Math.ceil(sets.length / parts);
  const chunks = Array.from({ length: parts }, (_, i) => sets.slice(i * size, (i + 1) * size));
  return (await Promise.all(chunks.map((chunk) => visibleToOnOneConnection(db, relation, pkValues, chunk, xid)))).flat();
}

async function visibleToOnOneConnection(
  db: pg.Pool,
  relation: RelationMeta,
  pkValues: Map<string, string>,
  sets: ClaimsSet[],
  xid: number,
): Promise<boolean[]> {
  const client = await db.connect();
  let visible: boolean[];
  try {
    visible = await decide(client, xid, relation, pkValues, sets);
  } catch (error) {
    client.release(error instanceof Error ? error : new Error(String(error))); // discard the connection
    throw error;
  }
  client.release();
  return visible;
}
