// The partitions of realtime.messages: named by UTC day, created from yesterday to three days ahead
// at start, and kept so by the janitor, which drops those dated before today−72h.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { startTestRealtime, type TestRealtime } from "../../testing/realtime";
import { waitFor } from "../../testing/wait";
import { createMessagesPartitions, deleteOldMessages, partitionName } from "./messages";

const DAY = 24 * 60 * 60 * 1000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function partitions(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'realtime.messages'::regclass order by 1",
  );
  return rows.map((r) => r.name);
}

describe("partitions by date", () => {
  let db: TestDatabase;
  let service: pg.Pool;
  beforeAll(async () => {
    db = await freshDatabase();
    // what the service runs as: the table's owner, granted the schema (as the service grants itself at start)
    await db.pool.query("grant usage, create on schema realtime to supabase_realtime_admin");
    const url = new URL(db.url);
    url.username = "supabase_realtime_admin";
    service = new pg.Pool({ connectionString: url.toString(), max: 2 });
  });
  afterAll(async () => {
    await service?.end();
    await db?.close();
  });

  it("yesterday to three days ahead, UTC, bounded by the day; owned by supabase_realtime_admin", async () => {
    const now = Date.parse("2031-03-31T23:30:00Z");
    await createMessagesPartitions(service, (message) => expect.fail(message), now);
    const names = ["2031-03-30", "2031-03-31", "2031-04-01", "2031-04-02", "2031-04-03"].map(partitionName);
    expect(await partitions(db.pool)).toEqual(expect.arrayContaining(names));
    const { rows } = await db.pool.query<{ bound: string; owner: string }>(
      "select pg_get_expr(c.relpartbound, c.oid) as bound, pg_get_userbyid(c.relowner) as owner from pg_class c where c.relname = 'messages_2031_04_01'",
    );
    expect(rows).toEqual([
      { bound: "FOR VALUES FROM ('2031-04-01 00:00:00') TO ('2031-04-02 00:00:00')", owner: "supabase_realtime_admin" },
    ]);
    // a second run changes nothing
    await createMessagesPartitions(service, (message) => expect.fail(message), now);
  });

  it("the janitor's cut: partitions dated before (now − 72 h)'s day go, the rest stay", async () => {
    await createMessagesPartitions(service, () => undefined, Date.parse("2031-03-31T12:00:00Z"));
    const dropped = await deleteOldMessages(service, (message) => expect.fail(message), Date.parse("2031-04-03T01:00:00Z"));
    // −72 h is 2031-03-31 01:00: the 30th goes, the 31st stays; today's real partitions are older still
    expect(dropped).toContain("messages_2031_03_30");
    expect(dropped).not.toContain("messages_2031_03_31");
    expect(await partitions(db.pool)).toEqual(["messages_2031_03_31", "messages_2031_04_01", "messages_2031_04_02", "messages_2031_04_03"]);
  });
});

describe("the service", () => {
  let env: TestRealtime;
  beforeAll(async () => {
    env = await startTestRealtime({ janitorIntervalMs: 200 });
  });
  afterAll(async () => env?.close());

  it("keeps yesterday to three days ahead, and its janitor drops partitions older than 72 h", async () => {
    const now = Date.now();
    const expected = [-1, 0, 1, 2, 3].map((offset) => partitionName(day(now + offset * DAY)));
    expect(await partitions(env.db.pool)).toEqual(expect.arrayContaining(expected));
    const old = partitionName(day(now - 5 * DAY));
    await env.db.pool.query(
      `create table realtime.${old} partition of realtime.messages for values from ('${day(now - 5 * DAY)}') to ('${day(now - 4 * DAY)}')`,
    );
    await env.db.pool.query(`alter table realtime.${old} owner to supabase_realtime_admin`);
    await env.db.pool.query(`drop table realtime.${expected[4]}`);
    await waitFor("the janitor to drop the old partition and create the missing one", async () => {
      const names = await partitions(env.db.pool);
      return !names.includes(old) && names.includes(expected[4]!);
    });
  });
});
