import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot, type CatalogSnapshot } from "./helpers/catalog";
import { LIVE_ROOMS_VERSION, PARTICIPANTS_MIGRATION, ROLLBACKS_DIR, SCRIPTS_DIR } from "./helpers/constants";
import { freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

const script = (name: string) => readFileSync(join(SCRIPTS_DIR, name), "utf8");

interface VerifyRow {
  object_type: string;
  object_name: string;
  status: string;
  detail: string;
}

const verify = async (db: TestDatabase) => (await db.pool.query<VerifyRow>(script("verify-stream-participants-migration.sql"))).rows;
const failing = (rows: VerifyRow[]) => rows.filter((r) => r.status !== "✅").map((r) => `${r.object_type} ${r.object_name}`);
const passing = (rows: VerifyRow[]) => rows.filter((r) => r.status === "✅").map((r) => `${r.object_type} ${r.object_name}`);

/** Joins a few users to a party, so the scripts run over real data. */
async function addParticipants(db: TestDatabase): Promise<void> {
  const f = new Fixtures(db.pool);
  const [a, b] = [await f.user("a"), await f.user("b")];
  const party = await f.party(await f.habitat(a, { member: [b] }));
  await f.join(a, party);
  await f.join(b, party);
}

it("scripts/stream-participants-migration.sql is the same SQL as the stream participants migration", () => {
  expect(script("stream-participants-migration.sql")).toBe(readFileSync(PARTICIPANTS_MIGRATION, "utf8"));
});

describe("on the prerequisite schema: migrate, verify, roll back", () => {
  let db: TestDatabase;
  let before: CatalogSnapshot;
  beforeAll(async () => {
    db = await freshDatabase("tpl_before_participants");
    before = await catalogSnapshot(db.pool);
  });
  afterAll(async () => db.close());

  it("verify reports every expected object ❌ before the migration", async () => {
    const rows = await verify(db);
    expect(rows).toHaveLength(33);
    expect(passing(rows)).toEqual([]);
  });

  // the specification's steps exactly: the migration script, then the verify script, nothing else
  it("after the migration script alone every expected object is ✅, health checks included", async () => {
    await db.pool.query(script("stream-participants-migration.sql"));
    await addParticipants(db);
    const later = await db.pool.query<{ fn: string | null }>("select to_regprocedure('public.stream_participants_health()')::text as fn");
    expect(later.rows).toEqual([{ fn: null }]);
    const rows = await verify(db);
    expect(rows).toHaveLength(33);
    const count = (type: string) => rows.filter((r) => r.object_type === type).length;
    expect({
      table: count("table"),
      columns: count("column"),
      indexes: count("index"),
      policies: count("policy"),
      triggers: count("trigger"),
      triggerFunctions: count("trigger function"),
      views: count("view"),
      helpers: count("helper function"),
    }).toEqual({ table: 1, columns: 7, indexes: 5, policies: 5, triggers: 4, triggerFunctions: 3, views: 2, helpers: 1 });
    expect(failing(rows)).toEqual([]);
  });

  it("verify's health rows turn ❌ when counts drift or a party loses its host", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      // break both invariants the way only a superuser bypassing the triggers could
      await client.query("set local session_replication_role = replica");
      await client.query("update public.habitat_watch_parties set participant_count = participant_count + 5");
      await client.query("update public.stream_participants set is_host = false");
      const rows = (await client.query<VerifyRow>(script("verify-stream-participants-migration.sql"))).rows;
      expect(failing(rows).sort()).toEqual(["health one host per party", "health participant counts consistent"]);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });

  it("the rollback returns the catalog exactly to its prior state, and verify reports ❌", async () => {
    await db.pool.query(script("rollback-stream-participants-migration.sql"));
    expect(await catalogSnapshot(db.pool)).toEqual(before);
    expect(passing(await verify(db))).toEqual([]);
  });

  it("the rollback is safe to run twice, and the migration applies again afterwards", async () => {
    await db.pool.query(script("rollback-stream-participants-migration.sql"));
    expect(await catalogSnapshot(db.pool)).toEqual(before);
    await db.pool.query(script("stream-participants-migration.sql"));
    expect(failing(await verify(db))).toEqual([]);
  });
});

/**
 * The rollbacks of the migrations after the live rooms (supabase/rollbacks/, newest first), each
 * with its row of the CLI's record: the participants' rollback script undoes the live rooms and
 * what came before them itself, and every later migration ships a rollback of its own.
 */
async function rollBackLaterMigrations(db: TestDatabase): Promise<void> {
  const later = readdirSync(ROLLBACKS_DIR)
    .filter((name) => name.endsWith(".sql") && name.slice(0, 14) > LIVE_ROOMS_VERSION)
    .sort()
    .reverse();
  for (const name of later) {
    await db.pool.query(readFileSync(join(ROLLBACKS_DIR, name), "utf8"));
    await db.pool.query("delete from supabase_migrations.schema_migrations where version = $1", [name.slice(0, 14)]);
  }
}

describe("on the full schema: the rollback also removes what later migrations built on participants", () => {
  let full: TestDatabase;
  let prerequisites: TestDatabase;
  beforeAll(async () => {
    [full, prerequisites] = await Promise.all([freshDatabase("tpl_full"), freshDatabase("tpl_before_participants")]);
  });
  afterAll(async () => Promise.all([full.close(), prerequisites.close()]));

  it("leaves the same catalog as a database that never had the migration", async () => {
    await addParticipants(full);
    await rollBackLaterMigrations(full);
    await full.pool.query(script("rollback-stream-participants-migration.sql"));
    expect(await catalogSnapshot(full.pool)).toEqual(await catalogSnapshot(prerequisites.pool));
    const counts = await full.pool.query("select participant_count from public.habitat_watch_parties where participant_count <> 0");
    expect(counts.rows).toEqual([]);
  });

  it("leaves habitat membership working (no trigger left pointing at the dropped table)", async () => {
    const f = new Fixtures(full.pool);
    const [owner, member] = [await f.user("owner"), await f.user("member")];
    const habitat = await f.habitat(owner, { member: [member] });
    const res = await full.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, member]);
    expect(res.rowCount).toBe(1);
  });

  it("forgets the migrations in the CLI's record, so `supabase db push` applies them again", async () => {
    const { rows } = await full.pool.query<{ version: string }>(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    expect(rows.map((r) => r.version)).toEqual(["20260101000000", "20260102000000", "20260103000000"]);
  });
});

describe("on the full schema: verify's health checks and stream_participants_health() agree", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase("tpl_full");
    await addParticipants(db);
  });
  afterAll(async () => db.close());

  // the verify rows each check of the function belongs to (non-member participants: not in the specification)
  const ROWS: Record<string, string> = {
    count_drift: "health participant counts consistent",
    multiple_hosts: "health one host per party",
    missing_host: "health one host per party",
  };

  it.each([
    ["healthy", []],
    ["counts drift", ["update public.habitat_watch_parties set participant_count = participant_count + 1"]],
    ["a party without a host", ["update public.stream_participants set is_host = false"]],
    ["both", ["update public.habitat_watch_parties set participant_count = 0", "update public.stream_participants set is_host = false"]],
  ])("%s", async (_name, breakages) => {
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      await client.query("set local session_replication_role = replica");
      for (const sql of breakages) await client.query(sql);
      const rows = (await client.query<VerifyRow>(script("verify-stream-participants-migration.sql"))).rows;
      const checks = (await client.query<{ check_name: string }>("select check_name from public.stream_participants_health()")).rows;
      const expected = [...new Set(checks.flatMap((c) => ROWS[c.check_name] ?? []))].sort();
      const failingHealth = failing(rows).filter((r) => r.startsWith("health"));
      expect(failingHealth.sort()).toEqual(expected);
      expect(expected.length > 0).toBe(breakages.length > 0);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});
