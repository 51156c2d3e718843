// Realtime as the database sees it: who may hear or write a topic (probed the way Supabase Realtime
// probes realtime.messages at a join), what the database broadcast to a topic, and waiting for
// statements blocked on a lock.
import type pg from "pg";
import { claimsOf, type Caller } from "@habitats/supabase-local/testing/database";

export type RealtimeAccess = "read broadcast" | "read presence" | "track presence" | "send broadcast";

/**
 * What Realtime decides for `caller` on `topic`: reads insert a probe row as realtime's own user,
 * then select it as the caller with the topic and claims set; writes insert the probe as the
 * caller. Everything is rolled back (`alter`, a change of the schema to probe under, too).
 */
export async function realtimeAllows(
  pool: pg.Pool,
  caller: Caller,
  topic: string,
  access: RealtimeAccess,
  alter?: string,
): Promise<boolean> {
  const client = await pool.connect();
  const extension = access.endsWith("presence") ? "presence" : "broadcast";
  try {
    await client.query("begin");
    if (alter) await client.query(alter);
    const probe = (
      await client.query<{ id: string }>("insert into realtime.messages (topic, extension, private) values ($1, $2, false) returning id", [
        topic,
        extension,
      ])
    ).rows[0]!.id;
    const role = caller.kind === "user" ? "authenticated" : caller.kind;
    const claims = claimsOf(caller);
    await client.query(
      `select set_config('role', $1, true), set_config('realtime.topic', $2, true),
              set_config('request.jwt.claims', $3, true), set_config('request.jwt.claim.sub', $4, true),
              set_config('request.jwt.claim.role', $1, true)`,
      [role, topic, JSON.stringify(claims), String(claims.sub ?? "")],
    );
    if (access.startsWith("read")) {
      return (await client.query("select id from realtime.messages where id = $1", [probe])).rowCount === 1;
    }
    await client.query("savepoint probe");
    try {
      await client.query("insert into realtime.messages (topic, extension, private) values ($1, $2, true)", [topic, extension]);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "42501") return false;
      throw error;
    }
  } finally {
    await client.query("rollback");
    client.release();
  }
}

export interface RoomMessage {
  event: string;
  payload: Record<string, unknown>;
  private: boolean;
}

/**
 * The database's clock now, as the text of realtime.messages' inserted_at (UTC, microseconds: a
 * JavaScript Date would round it down to the millisecond, and take in what was sent just before).
 */
export async function utcNow(pool: pg.Pool): Promise<string> {
  return (await pool.query<{ now: string }>("select (clock_timestamp() at time zone 'utc')::text as now")).rows[0]!.now;
}

/** Messages the database broadcast to `topic` since `since` (from utcNow), oldest first. */
export async function roomBroadcasts(pool: pg.Pool, topic: string, since: string): Promise<RoomMessage[]> {
  const { rows } = await pool.query<RoomMessage>(
    // one transaction's messages share inserted_at: their physical order is the order of insertion
    "select event, payload, private from realtime.messages where topic = $1 and inserted_at >= $2::timestamp order by inserted_at, ctid",
    [topic, since],
  );
  return rows;
}

/** Waits until `count` backends of this database wait on a lock (a race is set up). */
export async function waitForBlockedBackends(pool: pg.Pool, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    if (rows[0]!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} backends waiting on a lock, saw ${rows[0]!.n}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
