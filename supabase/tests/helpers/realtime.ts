// What the database broadcast to a realtime topic, and waiting for statements blocked on a lock.
import type pg from "pg";

export interface RoomMessage {
  event: string;
  payload: Record<string, unknown>;
  private: boolean;
}

/** The database's clock now (broadcasts are stamped with it). */
export async function utcNow(pool: pg.Pool): Promise<Date> {
  return (await pool.query<{ now: Date }>("select clock_timestamp() as now")).rows[0]!.now;
}

/** Messages the database broadcast to `topic` since `since`, oldest first. */
export async function roomBroadcasts(pool: pg.Pool, topic: string, since: Date): Promise<RoomMessage[]> {
  const { rows } = await pool.query<RoomMessage>(
    // one transaction's messages share inserted_at: their physical order is the order of insertion
    "select event, payload, private from realtime.messages where topic = $1 and inserted_at >= $2 order by inserted_at, ctid",
    [topic, since.toISOString().replace("Z", "")],
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
