import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  anon,
  as,
  asUser,
  freshDatabase,
  pgError,
  query,
  serviceRole,
  type Caller,
  type TestDatabase,
} from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;

// one habitat with every kind of caller; `party` has host and participant joined
let owner: string, moderator: string, member: string, participant: string, host: string, stranger: string;
let habitat: string, party: string, otherParty: string;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db.close());

beforeEach(async () => {
  [owner, moderator, member, participant, host, stranger] = (await Promise.all(
    ["owner", "moderator", "member", "participant", "host", "stranger"].map((n) => f.user(n)),
  )) as [string, string, string, string, string, string];
  habitat = await f.habitat(owner, { moderator: [moderator], member: [member, participant, host] });
  party = await f.party(habitat);
  otherParty = await f.party(habitat);
  await f.join(host, party);
  await f.join(participant, party);
  // the stranger has a habitat of their own
  await f.habitat(stranger);
});

const insertAs = (caller: Caller, streamId: string, userId: string, extra = "") =>
  query(
    db.pool,
    caller,
    `insert into public.stream_participants (stream_id, user_id${extra ? ", is_host" : ""}) values ($1, $2${extra ? `, ${extra}` : ""}) returning *`,
    [streamId, userId],
  );

describe("joining", () => {
  it("a member joins as themselves", async () => {
    const rows = await insertAs(asUser(member), party, member);
    expect(rows).toHaveLength(1);
    expect(await f.count(party)).toBe(3);
  });

  it("nobody can join as another user", async () => {
    for (const caller of [member, host, owner, moderator]) {
      expect((await pgError(insertAs(asUser(caller), otherParty, participant))).code).toBe("42501");
    }
    expect(await f.participants(otherParty)).toEqual([]);
  });

  it("nobody can insert themselves as host, not even into an empty party", async () => {
    const error = await pgError(insertAs(asUser(member), otherParty, member, "true"));
    expect(error.code).toBe("42501");
    expect(error.message).toContain("permission denied");
    expect(await f.participants(otherParty)).toEqual([]);
  });

  it("a non-member cannot join a party of a habitat they are not in", async () => {
    expect((await pgError(insertAs(asUser(stranger), party, stranger))).code).toBe("42501");
    expect(await f.count(party)).toBe(2);
  });

  it("anon cannot join", async () => {
    expect((await pgError(insertAs(anon, party, member))).code).toBe("42501");
  });

  it("service_role can add a member but not a non-member, and never decides the host", async () => {
    const rows = await query<{ is_host: boolean }>(
      db.pool,
      serviceRole,
      "insert into public.stream_participants (stream_id, user_id) values ($1, $2) returning is_host",
      [party, member],
    );
    expect(rows[0]!.is_host).toBe(false);
    const error = await pgError(
      query(db.pool, serviceRole, "insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [party, stranger]),
    );
    expect(error.code).toBe("42501");
    expect(error.message).toContain("only members");
    expect((await pgError(insertAs(serviceRole, otherParty, member, "true"))).code).toBe("42501");
  });

  it("joining a party that does not exist is a clear foreign-key error", async () => {
    const error = await pgError(insertAs(asUser(member), "00000000-0000-4000-8000-000000000000", member));
    expect(["23503", "42501"]).toContain(error.code);
  });
});

describe("updating", () => {
  it("a participant changes their own reminder_enabled", async () => {
    const rows = await query(
      db.pool,
      asUser(participant),
      "update public.stream_participants set reminder_enabled = true where stream_id = $1 and user_id = $2 returning reminder_enabled",
      [party, participant],
    );
    expect(rows).toEqual([{ reminder_enabled: true }]);
    expect((await f.participants(party)).find((p) => p.user_id === participant)?.reminder_enabled).toBe(true);
  });

  it("a participant cannot set is_host, joined_at, stream_id or user_id on their row", async () => {
    for (const assignment of [
      "is_host = true",
      "joined_at = now() - interval '1 day'",
      `stream_id = '${otherParty}'`,
      `user_id = '${member}'`,
    ]) {
      const error = await pgError(
        query(db.pool, asUser(participant), `update public.stream_participants set ${assignment} where user_id = $1`, [participant]),
      );
      expect(error.code).toBe("42501");
    }
    expect(await f.host(party)).toBe(host);
  });

  it("nobody changes another participant's row, the host and owner included", async () => {
    for (const caller of [host, owner, moderator, member, stranger]) {
      const rows = await query(
        db.pool,
        asUser(caller),
        "update public.stream_participants set reminder_enabled = true where user_id = $1 returning id",
        [participant],
      );
      expect(rows).toEqual([]);
    }
    expect((await f.participants(party)).find((p) => p.user_id === participant)?.reminder_enabled).toBe(false);
  });

  it("the host cannot demote themselves by an update", async () => {
    expect(
      (await pgError(query(db.pool, asUser(host), "update public.stream_participants set is_host = false where user_id = $1", [host])))
        .code,
    ).toBe("42501");
    expect(await f.host(party)).toBe(host);
  });

  it("service_role cannot set is_host either: only the database's functions do", async () => {
    expect(
      (await pgError(query(db.pool, serviceRole, "update public.stream_participants set is_host = true where user_id = $1", [participant])))
        .code,
    ).toBe("42501");
  });

  it("nobody writes participant_count", async () => {
    for (const caller of [asUser(owner), serviceRole]) {
      expect(
        (await pgError(query(db.pool, caller, "update public.habitat_watch_parties set participant_count = 99 where id = $1", [party])))
          .code,
      ).toBe("42501");
    }
    expect(await f.count(party)).toBe(2);
  });
});

describe("leaving and removing", () => {
  it("a participant removes only themselves", async () => {
    const rows = await query(
      db.pool,
      asUser(participant),
      "delete from public.stream_participants where stream_id = $1 returning user_id",
      [party],
    );
    expect(rows).toEqual([{ user_id: participant }]);
    expect(await f.count(party)).toBe(1);
    expect(await f.host(party)).toBe(host);
  });

  it("the host removes other participants", async () => {
    const rows = await query(
      db.pool,
      asUser(host),
      "delete from public.stream_participants where stream_id = $1 and user_id = $2 returning user_id",
      [party, participant],
    );
    expect(rows).toEqual([{ user_id: participant }]);
    expect((await f.participants(party)).map((p) => p.user_id)).toEqual([host]);
    expect(await f.count(party)).toBe(1);
  });

  it("a non-host participant, a member, the owner and a moderator cannot remove anyone", async () => {
    await f.join(member, party);
    for (const caller of [participant, member, owner, moderator, stranger]) {
      const rows = await query(
        db.pool,
        asUser(caller),
        "delete from public.stream_participants where stream_id = $1 and user_id = $2 returning user_id",
        [party, host],
      );
      expect(rows).toEqual([]);
    }
    expect(await f.host(party)).toBe(host);
    expect(await f.count(party)).toBe(3);
  });

  it("a host of another party has no power here", async () => {
    await f.join(member, otherParty);
    const rows = await query(db.pool, asUser(member), "delete from public.stream_participants where stream_id = $1 returning user_id", [
      party,
    ]);
    expect(rows).toEqual([]);
    expect(await f.count(party)).toBe(2);
  });

  it("anon removes nothing", async () => {
    expect((await pgError(query(db.pool, anon, "delete from public.stream_participants"))).code).toBe("42501");
    expect(await f.count(party)).toBe(2);
  });
});

describe("visibility", () => {
  const readers: Record<string, (ids: Record<string, string>) => string> = {};
  void readers;

  it("members, participants, the host, owner and moderator see the participants", async () => {
    for (const caller of [member, participant, host, owner, moderator]) {
      const rows = await query<{ user_id: string }>(
        db.pool,
        asUser(caller),
        "select user_id from public.stream_participants where stream_id = $1 order by joined_at",
        [party],
      );
      expect(rows.map((r) => r.user_id)).toEqual([host, participant]);
    }
  });

  it("a non-member sees no participants, no parties, nothing through the views or the helper function", async () => {
    const reads = [
      ["select * from public.stream_participants", []],
      ["select * from public.habitat_watch_parties", []],
      ["select * from public.streams_with_participants", []],
      ["select * from public.upcoming_watch_parties", []],
      ["select * from public.get_stream_participants($1)", [party]],
      ["select * from public.habitats where id = $1", [habitat]],
      ["select * from public.habitat_members where habitat_id = $1", [habitat]],
      ["select * from public.profiles where id = $1", [host]],
    ] as const;
    for (const [sql, params] of reads) {
      expect(await query(db.pool, asUser(stranger), sql, [...params]), sql).toEqual([]);
    }
  });

  it("anon is refused outright", async () => {
    for (const sql of [
      "select * from public.stream_participants",
      "select * from public.streams_with_participants",
      "select * from public.upcoming_watch_parties",
      "select * from public.habitat_watch_parties",
    ]) {
      expect((await pgError(query(db.pool, anon, sql))).code, sql).toBe("42501");
    }
    expect((await pgError(query(db.pool, anon, "select * from public.get_stream_participants($1)", [party]))).code).toBe("42501");
  });

  it("get_stream_participants returns display names, host flag and join time in join order", async () => {
    await f.join(member, party);
    const rows = await query<{ user_id: string; display_name: string; is_host: boolean; joined_at: Date }>(
      db.pool,
      asUser(member),
      "select * from public.get_stream_participants($1)",
      [party],
    );
    expect(rows.map((r) => [r.user_id, r.display_name, r.is_host])).toEqual([
      [host, "host", true],
      [participant, "participant", false],
      [member, "member", false],
    ]);
    expect(rows.every((r) => r.joined_at instanceof Date)).toBe(true);
  });

  it("service_role sees everything through the helper function", async () => {
    const rows = await query(db.pool, serviceRole, "select * from public.get_stream_participants($1)", [party]);
    expect(rows).toHaveLength(2);
  });

  it("the views tell each caller whether they participate, host, or want a reminder, and who hosts", async () => {
    await query(db.pool, asUser(participant), "update public.stream_participants set reminder_enabled = true where user_id = $1", [
      participant,
    ]);
    for (const view of ["streams_with_participants", "upcoming_watch_parties"]) {
      const sql = `select id, participant_count, host_user_id, host_display_name, is_user_participant, is_user_host, user_reminder_enabled from public.${view} where id = $1`;
      expect(await query(db.pool, asUser(participant), sql, [party]), view).toEqual([
        {
          id: party,
          participant_count: 2,
          host_user_id: host,
          host_display_name: "host",
          is_user_participant: true,
          is_user_host: false,
          user_reminder_enabled: true,
        },
      ]);
      expect(await query(db.pool, asUser(host), sql, [party]), view).toEqual([
        {
          id: party,
          participant_count: 2,
          host_user_id: host,
          host_display_name: "host",
          is_user_participant: true,
          is_user_host: true,
          user_reminder_enabled: false,
        },
      ]);
      expect(await query(db.pool, asUser(member), sql, [otherParty]), view).toEqual([
        {
          id: otherParty,
          participant_count: 0,
          host_user_id: null,
          host_display_name: null,
          is_user_participant: false,
          is_user_host: false,
          user_reminder_enabled: false,
        },
      ]);
    }
  });

  it("upcoming_watch_parties leaves out ended, cancelled and past parties", async () => {
    const ended = await f.party(habitat, { status: "ended" });
    const cancelled = await f.party(habitat, { status: "cancelled" });
    const past = await f.party(habitat, { startsInHours: -48 });
    const ids = (await query<{ id: string }>(db.pool, asUser(member), "select id from public.upcoming_watch_parties")).map((r) => r.id);
    expect(ids).toContain(party);
    expect(ids).not.toContain(ended);
    expect(ids).not.toContain(cancelled);
    expect(ids).not.toContain(past);
    const all = (await query<{ id: string }>(db.pool, asUser(member), "select id from public.streams_with_participants")).map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([party, ended, cancelled, past]));
  });

  it("a new habitat's creator gets it back from insert ... returning, and becomes its owner", async () => {
    const rows = await query<{ id: string }>(db.pool, asUser(stranger), "insert into public.habitats (name) values ('Fresh') returning id");
    expect(rows).toHaveLength(1);
    expect(await query(db.pool, asUser(stranger), "select role from public.habitat_members where habitat_id = $1", [rows[0]!.id])).toEqual([
      { role: "owner" },
    ]);
    expect(await query(db.pool, asUser(member), "select * from public.habitats where id = $1", [rows[0]!.id])).toEqual([]);
  });

  it("the health function is for service_role only", async () => {
    expect((await pgError(query(db.pool, asUser(owner), "select * from public.stream_participants_health()"))).code).toBe("42501");
    expect(await query(db.pool, serviceRole, "select * from public.stream_participants_health()")).toEqual([]);
  });

  it("a caller's own transaction sees the same rules as PostgREST's", async () => {
    // a user's claims and role stay inside the transaction that set them
    const who = await as(
      db.pool,
      asUser(member),
      async (c) => (await c.query<{ uid: string; role: string }>("select auth.uid() as uid, current_user as role")).rows[0],
    );
    expect(who).toEqual({ uid: member, role: "authenticated" });
    const after = (await db.pool.query<{ role: string }>("select current_user as role")).rows[0];
    expect(after).toEqual({ role: "postgres" });
  });
});
