// Synchronized playback in the database: who reads a party's playback, who drives it (only the
// current host, under the party's lock), what bad input gets, the server's clock, what the room
// hears, and what happens when the last participant leaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type pg from "pg";
import {
  anon,
  asUser,
  freshDatabase,
  pgError,
  query,
  serviceRole,
  type Caller,
  type TestDatabase,
} from "@habitats/supabase-local/testing/database";
import type { PlaybackState } from "@/lib/playback/types";
import { Fixtures } from "./helpers/fixtures";
import { castParty, createCast, type Cast } from "./helpers/room-cast";
import { roomBroadcasts, utcNow, waitForBlockedBackends } from "./helpers/realtime";

type Playback = PlaybackState;

let db: TestDatabase;
let f: Fixtures;
let ids: Cast["ids"];
let habitat: string;
let party: string;

const read = async (caller: Caller, partyId = party): Promise<Playback | null> =>
  (await query<{ state: Playback | null }>(db.pool, caller, "select public.get_party_playback($1) as state", [partyId]))[0]!.state;

const drive = (caller: Caller, position: number, playing: boolean, rate = 1, partyId = party, at: string | null = null) =>
  query<{ state: Playback }>(db.pool, caller, "select public.set_party_playback($1, $2, $3, $4, $5) as state", [
    partyId,
    position,
    playing,
    rate,
    at,
  ]).then((rows) => rows[0]!.state);

/** The stored row, read as the table's owner. */
const stored = async (partyId = party) =>
  (
    await db.pool.query(
      "select position_seconds, is_playing, playback_rate, updated_by, revision from public.party_playback where party_id = $1",
      [partyId],
    )
  ).rows[0];

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
  ({ ids, habitat } = await createCast(f));
});
afterAll(async () => db?.close());

beforeEach(async () => {
  // a party of its own per test (see castParty)
  party = await castParty(db.pool, f, { ids, habitat }, { exMemberLeaves: true });
});

describe("server_time: the clock every client measures its offset against", () => {
  it("a signed-in user reads the database's clock in epoch milliseconds", async () => {
    const before = Date.now();
    const [{ now }] = (await query<{ now: number }>(db.pool, asUser(ids.member), "select public.server_time() as now")) as [
      { now: number },
    ];
    expect(typeof now).toBe("number");
    // the test and the database run on one machine: the same clock within a second
    expect(Math.abs(now - before)).toBeLessThan(1000);
    const [{ later }] = (await query<{ later: number }>(db.pool, asUser(ids.member), "select public.server_time() as later")) as [
      { later: number },
    ];
    expect(later).toBeGreaterThanOrEqual(now);
  });

  it("anon may not call it", async () => {
    expect((await pgError(query(db.pool, anon, "select public.server_time()"))).code).toBe("42501");
  });
});

describe("who reads a party's playback", () => {
  it("nothing set yet: null for everyone", async () => {
    expect(await read(asUser(ids.host))).toBeNull();
  });

  it("members, participants, the host, owner and moderator read it; a stranger and an ex-member read nothing; anon is refused", async () => {
    await drive(asUser(ids.host), 42, true);
    for (const who of ["member", "participant", "host", "owner", "moderator"] as const) {
      expect(await read(asUser(ids[who])), who).toMatchObject({
        partyId: party,
        positionSeconds: 42,
        isPlaying: true,
        updatedBy: ids.host,
      });
    }
    expect(await read(serviceRole)).toMatchObject({ positionSeconds: 42 });
    expect(await read(asUser(ids.stranger))).toBeNull();
    expect(await read(asUser(ids.exMember))).toBeNull();
    expect((await pgError(read(anon))).code).toBe("42501");
    const rows = await query(db.pool, asUser(ids.stranger), "select * from public.party_playback where party_id = $1", [party]);
    expect(rows).toEqual([]);
  });
});

describe("who drives it: only the current host", () => {
  it("the host sets position, playing and rate; the revision grows with every change", async () => {
    const first = await drive(asUser(ids.host), 10, true, 1.5);
    expect(first).toMatchObject({ positionSeconds: 10, isPlaying: true, playbackRate: 1.5, updatedBy: ids.host, revision: 1 });
    const second = await drive(asUser(ids.host), 12.5, false);
    expect(second).toMatchObject({ positionSeconds: 12.5, isPlaying: false, playbackRate: 1, revision: 2 });
    expect(second.updatedAt).toBeGreaterThanOrEqual(first.updatedAt);
  });

  it("a participant, a member, the owner, a moderator, an ex-member, a stranger and anon are refused, and nothing changes", async () => {
    await drive(asUser(ids.host), 5, false);
    const refusals: Array<[string, Caller, string]> = [
      ["participant", asUser(ids.participant), "42501"],
      ["member", asUser(ids.member), "42501"],
      ["owner", asUser(ids.owner), "42501"],
      ["moderator", asUser(ids.moderator), "42501"],
      ["ex-member", asUser(ids.exMember), "PT404"],
      ["stranger", asUser(ids.stranger), "PT404"],
      ["anon", anon, "42501"],
      ["service_role (nobody's host)", serviceRole, "42501"],
    ];
    for (const [who, caller, code] of refusals) {
      expect((await pgError(drive(caller, 99, true))).code, who).toBe(code);
    }
    expect(await stored()).toMatchObject({ position_seconds: 5, is_playing: false, revision: "1" });
  });

  it("nobody writes the table directly, the host included", async () => {
    await drive(asUser(ids.host), 5, false);
    for (const sql of [
      "insert into public.party_playback (party_id, position_seconds) values ($1, 1)",
      "update public.party_playback set position_seconds = 1 where party_id = $1",
      "delete from public.party_playback where party_id = $1",
    ]) {
      expect((await pgError(query(db.pool, asUser(ids.host), sql, [party]))).code, sql).toBe("42501");
    }
    expect(await stored()).toMatchObject({ position_seconds: 5 });
  });

  it("a party that does not exist is a 404 (PT404), not a 500", async () => {
    expect((await pgError(drive(asUser(ids.host), 1, true, 1, "7d0c6f7e-9a52-4c1e-8f0b-2f3c4d5e6f70"))).code).toBe("PT404");
  });
});

describe("bad input: a readable 4xx, nothing changed", () => {
  const cases: Array<[string, number, boolean | null, number]> = [
    ["a negative position", -1, true, 1],
    ["a position past seven days", 604_801, true, 1],
    ["NaN as the position", Number.NaN, true, 1],
    ["infinity as the position", Number.POSITIVE_INFINITY, true, 1],
    ["a rate of 0", 10, true, 0],
    ["a rate of 16", 10, true, 16],
    ["NaN as the rate", 10, true, Number.NaN],
    ["no playing flag", 10, null, 1],
  ];
  for (const [label, position, playing, rate] of cases) {
    it(`${label}: 22023 with a message, the state as it was`, async () => {
      await drive(asUser(ids.host), 5, false);
      const error = await pgError(
        query(db.pool, asUser(ids.host), "select public.set_party_playback($1, $2, $3, $4)", [party, position, playing, rate]),
      );
      expect(error.code).toBe("22023");
      expect(error.message).toMatch(/position|rate|plays/);
      expect(await stored()).toMatchObject({ position_seconds: 5, is_playing: false, revision: "1" });
    });
  }

  it("a malformed party id or time is refused by the type (22P02 / 22007)", async () => {
    expect((await pgError(query(db.pool, asUser(ids.host), "select public.set_party_playback($1, 1, true)", ["nope"]))).code).toBe("22P02");
    expect(
      (await pgError(query(db.pool, asUser(ids.host), "select public.set_party_playback($1, 1, true, 1, $2)", [party, "yesterday-ish"])))
        .code,
    ).toBe("22007");
  });
});

describe("positions on the server's clock", () => {
  it("the host's sample time is kept when recent, and clamped to the last 5 seconds of the server's clock otherwise", async () => {
    const now = new Date(`${await utcNow(db.pool)}Z`);
    const recent = await drive(asUser(ids.host), 1, true, 1, party, new Date(now.getTime() - 1000).toISOString());
    expect(Math.abs(recent.positionAt - (now.getTime() - 1000))).toBeLessThan(5);
    const ancient = await drive(asUser(ids.host), 1, true, 1, party, "2001-01-01T00:00:00Z");
    expect(ancient.updatedAt - ancient.positionAt).toBeCloseTo(5000, -1);
    const future = await drive(asUser(ids.host), 1, true, 1, party, "2100-01-01T00:00:00Z");
    expect(future.positionAt).toBe(future.updatedAt);
  });
});

describe("what the room hears", () => {
  it("every change reaches party:<id> as playback_changed, privately, in revision order", async () => {
    const since = await utcNow(db.pool);
    await drive(asUser(ids.host), 3, true);
    await drive(asUser(ids.host), 4, false, 2);
    const room = await roomBroadcasts(db.pool, `party:${party}`, since);
    expect(room.map((m) => m.event)).toEqual(["playback_changed", "playback_changed"]);
    expect(room.every((m) => m.private)).toBe(true);
    expect(room.map((m) => m.payload)).toMatchObject([
      { partyId: party, positionSeconds: 3, isPlaying: true, playbackRate: 1, revision: 1, updatedBy: ids.host },
      { positionSeconds: 4, isPlaying: false, playbackRate: 2, revision: 2 },
    ]);
  });

  it("a refused attempt broadcasts nothing", async () => {
    const since = await utcNow(db.pool);
    await pgError(drive(asUser(ids.participant), 3, true));
    expect(await roomBroadcasts(db.pool, `party:${party}`, since)).toEqual([]);
  });
});

describe("the host role passes, and control with it", () => {
  it("after Make host, the new host drives and the old one is refused", async () => {
    await drive(asUser(ids.host), 1, true);
    await query(db.pool, asUser(ids.host), "select public.transfer_stream_host($1, $2)", [party, ids.participant]);
    expect((await pgError(drive(asUser(ids.host), 2, false))).code).toBe("42501");
    expect(await drive(asUser(ids.participant), 3, false)).toMatchObject({ updatedBy: ids.participant, revision: 2 });
  });

  it("after the host leaves, the next host drives; the state (playing on) is untouched by the handover", async () => {
    await drive(asUser(ids.host), 1, true);
    await f.leave(ids.host, party);
    expect(await stored()).toMatchObject({ is_playing: true, revision: "1" });
    expect((await pgError(drive(asUser(ids.host), 2, false))).code).toBe("42501");
    expect(await drive(asUser(ids.participant), 3, false)).toMatchObject({ updatedBy: ids.participant });
  });

  it("race: a write by the host waiting behind a handover is refused once the handover commits; the new host's goes through", async () => {
    await drive(asUser(ids.host), 1, false);
    const handover = await db.pool.connect();
    try {
      await beginAs(handover, ids.host);
      await handover.query("select public.transfer_stream_host($1, $2)", [party, ids.participant]);
      const stale = pgError(drive(asUser(ids.host), 50, true));
      const fresh = drive(asUser(ids.participant), 60, true);
      await waitForBlockedBackends(db.pool, 2);
      await handover.query("commit");
      expect((await stale).code).toBe("42501");
      expect(await fresh).toMatchObject({ positionSeconds: 60, updatedBy: ids.participant });
    } finally {
      handover.release();
    }
    expect(await stored()).toMatchObject({ position_seconds: 60, updated_by: ids.participant, revision: "2" });
  });

  it("race: 20 rounds of two participants writing at once while the role changes hands; only whoever held it wrote", async () => {
    await drive(asUser(ids.host), 0, false);
    let holder = ids.host;
    let accepted = 0;
    for (let round = 0; round < 20; round++) {
      const other = holder === ids.host ? ids.participant : ids.host;
      const attempts = await Promise.allSettled([
        query(db.pool, asUser(holder), "select public.transfer_stream_host($1, $2)", [party, other]),
        drive(asUser(holder), round, true),
        drive(asUser(other), round + 0.5, true),
      ]);
      const [, byHolder, byOther] = attempts;
      // each write either went through while its author held the role, or was refused with 42501
      for (const attempt of [byHolder, byOther]) {
        if (attempt.status === "rejected") expect((attempt.reason as { code?: string }).code).toBe("42501");
      }
      accepted += [byHolder, byOther].filter((a) => a.status === "fulfilled").length;
      holder = other;
    }
    const { rows } = await db.pool.query<{ user_id: string }>(
      "select user_id from public.stream_participants where stream_id = $1 and is_host",
      [party],
    );
    expect(rows).toEqual([{ user_id: holder }]);
    // every accepted write, and only those, moved the revision on
    expect(Number((await stored())!.revision)).toBe(1 + accepted);
  });
});

describe("everyone leaves", () => {
  it("the last participant leaving pauses a playing party where it stands; coming back finds it there", async () => {
    await drive(asUser(ids.host), 100, true);
    await f.leave(ids.participant, party);
    await db.pool.query("delete from public.stream_participants where stream_id = $1 and user_id = $2", [party, ids.exMember]);
    expect(await stored()).toMatchObject({ is_playing: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await f.leave(ids.host, party);
    const state = (await read(asUser(ids.member)))!;
    expect(state).toMatchObject({ isPlaying: false, updatedBy: null, revision: 2 });
    expect(state.positionSeconds).toBeGreaterThan(100.25);
    expect(state.positionSeconds).toBeLessThan(102);
    // the first to come back hosts and finds the paused position
    await f.join(ids.member, party);
    expect(await read(asUser(ids.member))).toMatchObject({ positionSeconds: state.positionSeconds, isPlaying: false });
  });

  it("deleting a party takes its playback with it", async () => {
    await drive(asUser(ids.host), 1, true);
    await db.pool.query("delete from public.habitat_watch_parties where id = $1", [party]);
    expect(await stored()).toBeUndefined();
  });
});

async function beginAs(client: pg.PoolClient, userId: string): Promise<void> {
  await client.query("begin");
  await client.query("set local role authenticated");
  await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: userId, role: "authenticated" })]);
}
