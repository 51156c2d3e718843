// Row level security for postgres_changes: may a subscriber's JWT select the changed row? As
// Realtime's apply_rls does, the row is looked up by its primary key as the JWT's role with the
// JWT's claims in `request.jwt.claims`, at the time the change is dispatched. One round trip per
// change answers for every distinct set of claims: a transaction with, per set, `set local role`,
// set_config and `select exists(...)`, rolled back. A set whose check raises an error (a policy
// failing, a statement timeout) is not shown the row; a lost connection is thrown to the caller,
// which retries the change.
//
// Logical decoding may hand over a commit a moment before the committing backend leaves the proc
// array, while new snapshots still treat the transaction as running: a check made then would not
// find the row. So the same round trip first asks whether the transaction is visible yet, and the
// check is repeated until it is.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { RelationMeta } from "./catalog";

export interface ClaimsSet {
  role: string;
  /** the claims as JSON, as they go into request.jwt.claims */
  claimsJson: string;
}

/** Connection-level failures (worth retrying) rather than errors of the statement itself. */
export function isConnectionError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (code === "") return true; // no SQLSTATE: the socket failed
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
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

function existsSql(relation: RelationMeta, pkValues: Map<string, string>): string {
  const where = relation.pk.map((column) => `${pg.escapeIdentifier(column.name)} = ${pg.escapeLiteral(pkValues.get(column.name) ?? "")}::${column.typeSql}`);
  return `select exists(select 1 from ${pg.escapeIdentifier(relation.schema)}.${pg.escapeIdentifier(relation.table)} where ${where.join(" and ")}) as visible`;
}

/** visibility, begin, statement_timeout, then three statements per set, then rollback */
const LEADING_STATEMENTS = 3;
const STATEMENTS_PER_SET = 3;

function batch(xid: number, sets: ClaimsSet[], exists: string): string {
  const parts = [visibleSql(xid), "begin", "set local statement_timeout = '5s'"];
  for (const set of sets) {
    parts.push(`set local role ${pg.escapeIdentifier(set.role)}`);
    parts.push(`select set_config('request.jwt.claims', ${pg.escapeLiteral(set.claimsJson)}, true)`);
    parts.push(exists);
  }
  parts.push("rollback");
  return parts.join(";\n");
}

const VISIBILITY_WAIT_MS = 10_000;

/** Runs the batch until the transaction is visible to it (giving up on that after 10 s). */
async function runBatch(client: pg.PoolClient, xid: number, sets: ClaimsSet[], exists: string): Promise<boolean[]> {
  const deadline = Date.now() + VISIBILITY_WAIT_MS;
  for (;;) {
    const results = (await client.query(batch(xid, sets, exists))) as unknown as pg.QueryResult<{ visible: boolean }>[];
    if (results[0]?.rows[0]?.visible === true || Date.now() > deadline) {
      return sets.map((_, i) => results[LEADING_STATEMENTS + i * STATEMENTS_PER_SET + 2]?.rows[0]?.visible === true);
    }
    await sleep(1);
  }
}

async function decide(client: pg.PoolClient, xid: number, sets: ClaimsSet[], exists: string): Promise<boolean[]> {
  try {
    return await runBatch(client, xid, sets, exists);
  } catch (error) {
    if (isConnectionError(error)) throw error;
    await client.query("rollback");
  }
  // some set's check failed: decide each set on its own, a failure meaning "not visible"
  const visible: boolean[] = [];
  for (const set of sets) {
    try {
      visible.push((await runBatch(client, xid, [set], exists))[0] === true);
    } catch (error) {
      if (isConnectionError(error)) throw error;
      await client.query("rollback");
      visible.push(false);
    }
  }
  return visible;
}

/**
 * For each claims set, whether it may see the row of `relation` whose primary key is `pkValues`
 * (column name → text form), as changed by transaction `xid`.
 */
export async function visibleTo(db: pg.Pool, relation: RelationMeta, pkValues: Map<string, string>, sets: ClaimsSet[], xid: number): Promise<boolean[]> {
  if (sets.length === 0) return [];
  if (relation.pk.length === 0) return sets.map(() => false);
  const client = await db.connect();
  let visible: boolean[];
  try {
    visible = await decide(client, xid, sets, existsSql(relation, pkValues));
  } catch (error) {
    client.release(error instanceof Error ? error : new Error(String(error))); // discard the connection
    throw error;
  }
  client.release();
  return visible;
}
