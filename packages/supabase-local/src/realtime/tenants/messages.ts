// realtime.messages as the service keeps it (Realtime.Messages and Tenants.create_messages_partitions):
// daily partitions named messages_YYYY_MM_DD (UTC), created from yesterday to three days ahead and
// dropped once dated before today−72h ("automatically deleted after 3 days"), and the replay of a
// private topic's latest broadcasts. The service works as the table's owner, so none of this is
// subject to the table's row level security.
import pg from "pg";

/** Replay's hard limit of messages per join. */
export const REPLAY_MAX = 25;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoredMessage {
  id: string;
  event: string | null;
  payload: unknown;
  /** bytes sent with realtime.send_binary, else null */
  binaryPayload: Buffer | null;
}

/** A UTC day as the partition naming and bounds write it. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function partitionName(day: string): string {
  return `messages_${day.replaceAll("-", "_")}`;
}

/** Creates the partitions for yesterday..today+3 (UTC) that are missing; failures are logged, not thrown. */
export async function createMessagesPartitions(db: pg.Pool, log: (message: string) => void, now = Date.now()): Promise<void> {
  for (let offset = -1; offset <= 3; offset++) {
    const day = isoDay(now + offset * DAY_MS);
    const table = `realtime.${pg.escapeIdentifier(partitionName(day))}`;
    try {
      await db.query(
        `create table if not exists ${table} partition of realtime.messages for values from (${pg.escapeLiteral(day)}) to (${pg.escapeLiteral(isoDay(now + (offset + 1) * DAY_MS))})`,
      );
      await db.query(`alter table ${table} owner to supabase_realtime_admin`);
    } catch (error) {
      if ((error as { code?: unknown }).code === "42P07") continue; // created meanwhile
      log(`PartitionCreationFailed: ${partitionName(day)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Drops the partitions dated before (now − 72 h)'s UTC day; returns their names. One that cannot be dropped is logged and left. */
export async function deleteOldMessages(db: pg.Pool, log: (message: string) => void, now = Date.now()): Promise<string[]> {
  const limit = isoDay(now - 3 * DAY_MS);
  const { rows } = await db.query<{ name: string }>(
    `select child.relname as name
       from pg_catalog.pg_inherits
       join pg_catalog.pg_class parent on parent.oid = pg_inherits.inhparent
       join pg_catalog.pg_class child on child.oid = pg_inherits.inhrelid
       join pg_catalog.pg_namespace ns on ns.oid = parent.relnamespace
      where ns.nspname = 'realtime' and parent.relname = 'messages'`,
  );
  const dropped: string[] = [];
  for (const { name } of rows) {
    const date = /^messages_(\d{4})_(\d{2})_(\d{2})$/.exec(name);
    if (!date || `${date[1]}-${date[2]}-${date[3]}` >= limit) continue;
    try {
      await db.query(`drop table if exists realtime.${pg.escapeIdentifier(name)}`);
      dropped.push(name);
    } catch (error) {
      log(`PartitionDropFailed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return dropped;
}

/**
 * A private topic's broadcasts inserted since `sinceMs` (up to a minute ahead of now), the newest
 * `limit`, returned oldest first (Messages.replay).
 */
export async function replayMessages(db: pg.Pool, topic: string, sinceMs: number, limit: number): Promise<StoredMessage[]> {
  const { rows } = await db.query<{ id: string; event: string | null; payload: unknown; binary_payload: Buffer | null }>(
    `select id, event, payload, binary_payload
       from realtime.messages
      where topic = $1 and private is true and extension = 'broadcast'
        and inserted_at >= $2::timestamp and inserted_at < timezone('utc', now()) + interval '1 minute'
      order by inserted_at desc
      limit $3`,
    [topic, new Date(sinceMs).toISOString().slice(0, -1), Math.max(1, Math.min(limit, REPLAY_MAX))],
  );
  return rows.reverse().map((row) => ({ id: row.id, event: row.event, payload: row.payload, binaryPayload: row.binary_payload }));
}
