// The private live rooms in the database: who may hear and be present in each topic (probed the
// way Supabase Realtime probes realtime.messages at a join), and what the database broadcasts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, asUser, freshDatabase, pgError, query, type Caller, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { LIVE_ROOMS_VERSION, ROOMS_HEAR_JOINS_ONCE_VERSION } from "./helpers/constants";
import { rollBack } from "./helpers/rollback";
import { Fixtures } from "./helpers/fixtures";
import { realtimeAllows, roomBroadcasts, utcNow as nowInDatabase, type RealtimeAccess } from "./helpers/realtime";

let db: TestDatabase;
let f: Fixtures;
let ids: { owner: string; member: string; participant: string; host: string; exMember: string; stranger: string };
let habitat: string;
let party: string;
let strangersParty: string;

const ACCESS: RealtimeAccess[] = ["read broadcast", "read presence", "track presence", "send broadcast"];

/** What Realtime decides for `caller` on `topic` in this test's database. */
const allowed = (caller: Caller, topic: string, access: RealtimeAccess, alter?: string) =>
  realtimeAllows(db.pool, caller, topic, access, alter);

const broadcasts = (topic: string, since: string) => roomBroadcasts(db.pool, topic, since);
const utcNow = () => nowInDatabase(db.pool);

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
  const [owner, member, participant, host, exMember, stranger] = await Promise.all(
    ["owner", "member", "participant", "host", "ex-member", "stranger"].map((name) => f.user(name)),
  );
  ids = { owner: owner!, member: member!, participant: participant!, host: host!, exMember: exMember!, stranger: stranger! };
  habitat = await f.habitat(ids.owner, { member: [ids.member, ids.participant, ids.host, ids.exMember] });
  party = await f.party(habitat);
  await f.join(ids.host, party);
  await f.join(ids.participant, party);
  await f.join(ids.exMember, party);
  await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, ids.exMember]);
  strangersParty = await f.party(await f.habitat(ids.stranger));
});
afterAll(async () => db?.close());

describe("who hears a party's room (party:<id>)", () => {
  const expected: Record<string, Record<RealtimeAccess, boolean>> = {
    anon: { "read broadcast": false, "read presence": false, "track presence": false, "send broadcast": false },
    stranger: { "read broadcast": false, "read presence": false, "track presence": false, "send broadcast": false },
    "ex-member": { "read broadcast": false, "read presence": false, "track presence": false, "send broadcast": false },
    member: { "read broadcast": true, "read presence": true, "track presence": true, "send broadcast": false },
    participant: { "read broadcast": true, "read presence": true, "track presence": true, "send broadcast": false },
    host: { "read broadcast": true, "read presence": true, "track presence": true, "send broadcast": false },
    owner: { "read broadcast": true, "read presence": true, "track presence": true, "send broadcast": false },
  };
  const callers = (): Record<string, Caller> => ({
    anon,
    stranger: asUser(ids.stranger),
    "ex-member": asUser(ids.exMember),
    member: asUser(ids.member),
    participant: asUser(ids.participant),
    host: asUser(ids.host),
    owner: asUser(ids.owner),
  });

  for (const [who, cells] of Object.entries(expected)) {
    it(`${who}: ${ACCESS.map((a) => `${a} ${cells[a] ? "yes" : "no"}`).join(", ")}`, async () => {
      const caller = callers()[who]!;
      const got = Object.fromEntries(await Promise.all(ACCESS.map(async (a) => [a, await allowed(caller, `party:${party}`, a)] as const)));
      expect(got).toEqual(cells);
    });
  }

  it("a member of another habitat hears nothing of this one, and this habitat's members nothing of theirs", async () => {
    expect(await allowed(asUser(ids.stranger), `party:${strangersParty}`, "read broadcast")).toBe(true);
    expect(await allowed(asUser(ids.member), `party:${strangersParty}`, "read broadcast")).toBe(false);
  });

  it("an unknown party and malformed topics are simply refused (no error)", async () => {
    const member = asUser(ids.member);
    const topics = [
      "party:00000000-0000-4000-8000-000000000000",
      "party:not-a-uuid",
      "party:",
      `PARTY:${party}`,
      `party:${party}:extra`,
      ` party:${party}`,
      `room:${party}`,
      "",
      "party:' or 1=1 --",
    ];
    for (const topic of topics) expect(await allowed(member, topic, "read broadcast"), topic).toBe(false);
  });
});

describe("who hears a habitat (habitat:<id>) and a user (user:<id>)", () => {
  it("a habitat's topic: its members only", async () => {
    expect(await allowed(asUser(ids.member), `habitat:${habitat}`, "read broadcast")).toBe(true);
    expect(await allowed(asUser(ids.owner), `habitat:${habitat}`, "read broadcast")).toBe(true);
    for (const caller of [anon, asUser(ids.stranger), asUser(ids.exMember)]) {
      expect(await allowed(caller, `habitat:${habitat}`, "read broadcast")).toBe(false);
    }
    expect(await allowed(asUser(ids.member), `habitat:${habitat}`, "track presence")).toBe(false);
    expect(await allowed(asUser(ids.member), `habitat:${habitat}`, "send broadcast")).toBe(false);
  });

  it("a user's topic: that user only", async () => {
    expect(await allowed(asUser(ids.member), `user:${ids.member}`, "read broadcast")).toBe(true);
    expect(await allowed(asUser(ids.owner), `user:${ids.member}`, "read broadcast")).toBe(false);
    expect(await allowed(anon, `user:${ids.member}`, "read broadcast")).toBe(false);
    expect(await allowed(asUser(ids.member), `user:${ids.member}`, "send broadcast")).toBe(false);
  });

  it("dropping either policy on realtime.messages changes what someone may do", async () => {
    const policies = (
      await db.pool.query<{ policyname: string }>(
        "select policyname from pg_policies where schemaname = 'realtime' and tablename = 'messages'",
      )
    ).rows;
    expect(policies.map((p) => p.policyname).sort()).toEqual(["members are present in their party rooms", "members hear their live rooms"]);
    // one probe at a time: each drops the policy in its own transaction
    const cells = async (alter?: string) => {
      const got: boolean[] = [];
      for (const access of ACCESS) got.push(await allowed(asUser(ids.member), `party:${party}`, access, alter));
      return got;
    };
    const before = await cells();
    for (const { policyname } of policies) {
      expect(await cells(`drop policy "${policyname}" on realtime.messages`), policyname).not.toEqual(before);
    }
  });
});

describe("get_habitat_members: the names the room shows for presence keys", () => {
  const members = (caller: Caller) =>
    query<{ user_id: string; display_name: string; role: string }>(
      db.pool,
      caller,
      "select user_id, display_name, role from public.get_habitat_members($1)",
      [habitat],
    );

  it("a member reads every member with name and role, in join order", async () => {
    const rows = await members(asUser(ids.member));
    expect(rows.map((r) => r.user_id)).toEqual([ids.owner, ids.member, ids.participant, ids.host]);
    expect(rows[0]).toEqual({ user_id: ids.owner, display_name: "owner", role: "owner" });
  });

  it("a stranger and an ex-member read nothing; anon may not call it", async () => {
    expect(await members(asUser(ids.stranger))).toEqual([]);
    expect(await members(asUser(ids.exMember))).toEqual([]);
    expect((await pgError(members(anon))).code).toBe("42501");
  });

  it("a malformed habitat id is a readable 22P02, not a crash", async () => {
    const error = await pgError(query(db.pool, asUser(ids.member), "select * from public.get_habitat_members($1)", ["nope"]));
    expect(error.code).toBe("22P02");
  });
});

describe("what the database broadcasts", () => {
  it("a join carries the participant as the list shows it; the room hears it once, the dashboard hears the count", async () => {
    const since = await utcNow();
    await f.join(ids.member, party);
    const room = await broadcasts(`party:${party}`, since);
    // the room counts its list: the party's row with the new count would tell it nothing
    expect(room.map((m) => m.event)).toEqual(["participant_joined"]);
    expect(room.every((m) => m.private)).toBe(true);
    expect(room[0]!.payload.participant).toMatchObject({ userId: ids.member, displayName: "member", avatarUrl: null, isHost: false });
    const dashboard = await broadcasts(`habitat:${habitat}`, since);
    expect(
      dashboard.map((m) => [m.event, m.payload.operation, (m.payload.record as { participant_count: number }).participant_count]),
    ).toEqual([["party_changed", "UPDATE", 3]]);
    expect(dashboard[0]!.payload).toMatchObject({ table: "habitat_watch_parties", record: { id: party } });
  });

  it("the host leaves: the room hears the leave, then the new host; the dashboard the count", async () => {
    const since = await utcNow();
    await f.leave(ids.host, party);
    const room = await broadcasts(`party:${party}`, since);
    expect(room.map((m) => m.event)).toEqual(["participant_left", "participant_changed"]);
    expect(room[0]!.payload).toMatchObject({ userId: ids.host });
    expect(room[1]!.payload).toMatchObject({ userId: ids.participant, isHost: true });
    const dashboard = await broadcasts(`habitat:${habitat}`, since);
    expect(dashboard.map((m) => [m.event, (m.payload.record as { participant_count: number }).participant_count])).toEqual([
      ["party_changed", 2],
    ]);
  });

  it("any other change of the party, and its deletion, reach the room and the dashboard alike", async () => {
    const other = await f.party(habitat);
    const since = await utcNow();
    await db.pool.query("update public.habitat_watch_parties set title = 'Renamed', status = 'live' where id = $1", [other]);
    await db.pool.query("delete from public.habitat_watch_parties where id = $1", [other]);
    for (const topic of [`party:${other}`, `habitat:${habitat}`]) {
      const heard = await broadcasts(topic, since);
      expect(
        heard.map((m) => [m.event, m.payload.operation]),
        topic,
      ).toEqual([
        ["party_changed", "UPDATE"],
        ["party_changed", "DELETE"],
      ]);
      expect(heard[0]!.payload, topic).toMatchObject({ record: { id: other, title: "Renamed", status: "live" } });
    }
  });

  it("a reminder change goes to its owner's topic only", async () => {
    const since = await utcNow();
    await db.pool.query("update public.stream_participants set reminder_enabled = true where stream_id = $1 and user_id = $2", [
      party,
      ids.member,
    ]);
    expect((await broadcasts(`user:${ids.member}`, since)).map((m) => [m.event, m.payload.reminderEnabled])).toEqual([
      ["reminder_changed", true],
    ]);
    expect(await broadcasts(`party:${party}`, since)).toEqual([]);
  });

  it("a new party reaches the habitat's dashboard; an update that changes nothing broadcasts nothing", async () => {
    const since = await utcNow();
    const created = await f.party(habitat);
    await db.pool.query("update public.habitat_watch_parties set title = title where id = $1", [created]);
    const dashboard = await broadcasts(`habitat:${habitat}`, since);
    expect(dashboard.map((m) => [m.event, m.payload.operation])).toEqual([["party_changed", "INSERT"]]);
    expect(await broadcasts(`party:${created}`, since)).toEqual([]);
  });
});

describe("rollback", () => {
  it("supabase/rollbacks/20260119000000_rooms_hear_joins_once.sql returns the catalog to the previous migration's, and runs twice", async () => {
    const { rolledBack, before } = await rollBack(
      `${ROOMS_HEAR_JOINS_ONCE_VERSION}_rooms_hear_joins_once.sql`,
      ROOMS_HEAR_JOINS_ONCE_VERSION,
      "tpl_before_rooms_hear_joins_once",
    );
    expect(rolledBack).toEqual(before);
  });

  it("supabase/rollbacks/20260114000000_private_live_rooms.sql returns the catalog to the previous migration's, and runs twice", async () => {
    const { rolledBack, before } = await rollBack("20260114000000_private_live_rooms.sql", LIVE_ROOMS_VERSION, "tpl_before_live_rooms");
    expect(rolledBack).toEqual(before);
  });
});
