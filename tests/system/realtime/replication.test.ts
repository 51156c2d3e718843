// The change feed survives losing its replication connection (as when the database restarts):
// changes committed while it is away are delivered once it is back, once each and in order. Its
// slot exists while the service runs and is gone after stop.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@habitats/supabase-local/ports";
import { startRealtime } from "@habitats/supabase-local/realtime/index";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import { defaultSlotName } from "@habitats/supabase-local/realtime/extensions/postgres-changes/replication";
import {
  Inbox,
  startTestRealtime,
  subscribed,
  TestClient,
  type ChangeEvent,
  type TestRealtime,
} from "@habitats/supabase-local/testing/realtime";

type Change = ChangeEvent;

let env: TestRealtime;
let slot: string;

beforeAll(async () => {
  env = await startTestRealtime();
  slot = defaultSlotName(env.serviceDatabaseUrl);
});
afterAll(async () => env?.close());

async function slotState(name: string): Promise<{ active_pid: number | null } | undefined> {
  const { rows } = await env.db.pool.query<{ active_pid: number | null }>(
    "select active_pid from pg_replication_slots where slot_name = $1",
    [name],
  );
  return rows[0];
}

/**
 * Takes the slot away from the service: terminates its walsender and starts streaming the slot on
 * a connection of our own (which never confirms anything), so the service cannot get it back
 * until `release` is called.
 */
async function holdSlot(): Promise<{ release(): Promise<void> }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // waits (up to 5 s) for the walsender to exit; the service waits at least 100 ms before reconnecting
    await env.db.pool.query(
      "select pg_terminate_backend(active_pid, 5000) from pg_replication_slots where slot_name = $1 and active_pid is not null",
      [slot],
    );
    const holder = new pg.Client({ connectionString: env.db.url, replication: "database" } as pg.ClientConfig);
    holder.on("error", () => undefined);
    await holder.connect();
    const connection = (holder as unknown as { connection: NodeJS.EventEmitter }).connection;
    const started = new Promise<boolean>((resolve) => {
      connection.once("replicationStart", () => resolve(true));
      // refused while the service holds the slot again: try once more
      holder
        .query(`START_REPLICATION SLOT ${slot} LOGICAL 0/0 (proto_version '1', publication_names 'supabase_realtime')`)
        .catch(() => resolve(false));
    });
    if (await started) return { release: () => holder.end().catch(() => undefined) };
    await holder.end().catch(() => undefined);
  }
  throw new Error("could not take the replication slot from the service");
}

describe("losing the replication connection", () => {
  it("changes committed while the walsender is gone are delivered after the reconnect, once each, in order", async () => {
    const f = new Fixtures(env.db.pool);
    const owner = await f.user("owner");
    const members = await f.users(5, "member");
    const habitat = await f.habitat(owner, { member: members });
    const party = await f.party(habitat);
    const client = await TestClient.create(env, await env.userToken(owner));
    try {
      const inbox = new Inbox<Change>();
      await subscribed(
        client.supabase
          .channel("party")
          .on(
            "postgres_changes",
            { event: "INSERT", schema: "public", table: "stream_participants", filter: `stream_id=eq.${party}` },
            inbox.push,
          ),
      );
      await f.join(members[0]!, party);
      await inbox.count(1);

      const held = await holdSlot();
      for (const member of members.slice(1)) await f.join(member, party);
      // nothing can be streamed while the slot is held
      expect(inbox.items).toHaveLength(1);
      await held.release();

      await inbox.count(5, 30_000);
      await f.join(owner, party);
      await inbox.until((items) => items.some((change) => change.new.user_id === owner), 30_000);
      expect(inbox.items.map((change) => change.new.user_id)).toEqual([...members, owner]);
    } finally {
      await client.close();
    }
  });
});

describe("the slot", () => {
  it("exists while the service runs and is dropped at stop; a stale one is replaced at start", async () => {
    const name = `realtime_test_${Math.random().toString(36).slice(2, 10)}`;
    // left behind by a crashed run
    await env.db.pool.query("select pg_create_logical_replication_slot($1, 'pgoutput')", [name]);
    const service = await startRealtime({
      port: await freePort(),
      databaseUrl: env.serviceDatabaseUrl,
      jwtSecret: env.secret,
      slotName: name,
    });
    const running = await slotState(name);
    expect(running?.active_pid).toEqual(expect.any(Number));
    await service.stop();
    expect(await slotState(name)).toBeUndefined();
  });

  it("a missing publication is a start error that says so", async () => {
    await expect(
      startRealtime({
        port: await freePort(),
        databaseUrl: env.serviceDatabaseUrl,
        jwtSecret: env.secret,
        slotName: "realtime_test_nopub",
        publication: "no_such_publication",
      }),
    ).rejects.toThrow('publication "no_such_publication" does not exist');
    expect(await slotState("realtime_test_nopub")).toBeUndefined();
  });
});
