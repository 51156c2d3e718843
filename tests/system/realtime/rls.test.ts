// The per-subscriber row level security check, straight against the database.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, freshDatabase, asUser, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import { describeRelation, type RelationMeta } from "@habitats/supabase-local/realtime/extensions/postgres-changes/catalog";
import { visibleTo } from "@habitats/supabase-local/realtime/extensions/postgres-changes/rls";
import { asRole } from "@habitats/supabase-local/testing/realtime";
import { waitFor } from "@habitats/supabase-local/testing/wait";

let db: TestDatabase;
let service: pg.Pool;
let participants: RelationMeta;
let member: string, stranger: string, participantId: string, laterParty: string;
let committedXid: number;

beforeAll(async () => {
  db = await freshDatabase();
  // as the realtime service connects
  service = new pg.Pool({ connectionString: asRole(db.url, "supabase_realtime_admin", "postgres"), max: 2 });
  const f = new Fixtures(db.pool);
  [member, stranger] = [await f.user("member"), await f.user("stranger")];
  const party = await f.party(await f.habitat(member));
  await f.habitat(stranger);
  await f.join(member, party);
  participantId = (await db.pool.query<{ id: string }>("select id from public.stream_participants where stream_id = $1", [party])).rows[0]!
    .id;
  laterParty = await f.party(
    (await db.pool.query<{ habitat_id: string }>("select habitat_id from public.habitat_watch_parties where id = $1", [party])).rows[0]!
      .habitat_id,
  );
  committedXid = Number(
    (await db.pool.query<{ xid: string }>("select (pg_current_xact_id()::text::bigint % 4294967296)::text as xid")).rows[0]!.xid,
  );
  participants = (await describeRelation(
    service,
    (await db.pool.query<{ oid: number }>("select 'public.stream_participants'::regclass::oid::int as oid")).rows[0]!.oid,
  ))!;
});

afterAll(async () => {
  await service.end();
  await db.close();
});

const claims = (userId: string) => ({ role: "authenticated", claimsJson: JSON.stringify(claimsOf(asUser(userId))) });

/**
 * Whether the service's connection has run the check for transaction `xid` at least once and is
 * between two attempts: idle, its last statement the check (whose visibility test names the xid).
 */
async function checkedOnce(xid: number): Promise<boolean> {
  const { rows } = await db.pool.query<{ checked: boolean }>(
    `select exists (select 1 from pg_catalog.pg_stat_activity
       where datname = current_database() and usename = 'supabase_realtime_admin' and state = 'idle'
         and position(' ' || $1 || '::numeric' in query) > 0) as checked`,
    [String(xid)],
  );
  return rows[0]?.checked === true;
}

describe("visibility per set of claims", () => {
  it("one round trip answers for every set: the member sees the row, a stranger and anon do not", async () => {
    const sets = [claims(member), claims(stranger), { role: "anon", claimsJson: JSON.stringify({ role: "anon" }) }];
    expect(await visibleTo(service, participants, new Map([["id", participantId]]), sets, committedXid)).toEqual([true, false, false]);
  });

  it("a set whose check fails (an unknown role) sees nothing, the others are still answered", async () => {
    const sets = [{ role: "no_such_role", claimsJson: "{}" }, claims(member)];
    expect(await visibleTo(service, participants, new Map([["id", participantId]]), sets, committedXid)).toEqual([false, true]);
  });

  it("many sets are split over connections and every answer keeps its set's place", async () => {
    const sets = Array.from({ length: 101 }, (_, i) => (i % 3 === 0 ? claims(member) : claims(stranger)));
    const visible = await visibleTo(service, participants, new Map([["id", participantId]]), sets, committedXid);
    expect(visible).toEqual(sets.map((_, i) => i % 3 === 0));
  });

  it("claims are values, never SQL", async () => {
    const sets = [{ role: "authenticated", claimsJson: `{"sub": "x'); drop table public.profiles; --"}` }];
    expect(await visibleTo(service, participants, new Map([["id", participantId]]), sets, committedXid)).toEqual([false]);
    expect((await db.pool.query("select to_regclass('public.profiles') is not null as present")).rows[0]).toEqual({ present: true });
  });
});

describe("a transaction not yet visible", () => {
  it("is waited for: the check answers once the row's transaction has committed", async () => {
    const writer = await db.pool.connect();
    try {
      await writer.query("begin");
      await writer.query("set local role authenticated");
      await writer.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(asUser(member)))]);
      const { rows } = await writer.query<{ id: string; xid: string }>(
        "insert into public.stream_participants (stream_id, user_id) values ($1, $2) returning id, (pg_current_xact_id()::text::bigint % 4294967296)::text as xid",
        [laterParty, member],
      );
      const xid = Number(rows[0]!.xid);
      let committed = false;
      const checking = visibleTo(service, participants, new Map([["id", rows[0]!.id]]), [claims(member)], xid).then((visible) => ({
        visible,
        committed,
      }));
      await waitFor("the check to find the transaction still running", () => checkedOnce(xid));
      committed = true;
      await writer.query("commit");
      expect(await checking).toEqual({ visible: [true], committed: true });
    } finally {
      writer.release();
    }
  });
});
