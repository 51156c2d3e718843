// Who may read, mark, write or hear a user's reminders, as each kind of caller reaches them through
// PostgREST (a transaction with the caller's role and claims) and Realtime (its probe of
// realtime.messages at a join): anon, a stranger, an ex-member, a member, a participant, the host.
// Only the owner reads and marks their notifications, chooses their lead time, sees and revokes
// their calendar feed, and hears user:<id>; nobody writes a notification. Then: dropping any of
// these policies changes a cell; and the calendar feed answers only to its current token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anon,
  as,
  asUser,
  claimsOf,
  freshDatabase,
  pgError,
  query,
  type Caller,
  type TestDatabase,
} from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";
import { realtimeAllows } from "./helpers/realtime";

let db: TestDatabase;
let f: Fixtures;
let ids: Record<Who, string>;
let party: string;
/** another party the participant joined, with no reminder time chosen yet */
let otherParty: string;
/** the participant's notification, reminder preference and calendar feed token */
let notification: string;
let token: string;

type Who = "stranger" | "ex-member" | "member" | "participant" | "host";
const WHO: Who[] = ["stranger", "ex-member", "member", "participant", "host"];
const callerOf = (who: Who | "anon"): Caller => (who === "anon" ? anon : asUser(ids[who]));

/** Runs `sql` as `caller` and rolls back: whether it saw or changed a row (an error counts as no). */
async function allowed(caller: Caller, sql: string, params: unknown[], alter?: string): Promise<boolean> {
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    if (alter) await client.query(alter);
    await client.query(`set local role ${caller.kind === "user" ? "authenticated" : caller.kind}`);
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(caller))]);
    await client.query("savepoint attempt");
    try {
      return ((await client.query(sql, params)).rowCount ?? 0) > 0;
    } catch (error) {
      if ((error as { code?: string }).code === "42501") return false;
      throw error;
    }
  } finally {
    await client.query("rollback");
    client.release();
  }
}

/** Realtime's authorization of a join to `topic` for `caller`: can it read a broadcast there? */
const hears = (caller: Caller, topic: string, alter?: string) => realtimeAllows(db.pool, caller, topic, "read broadcast", alter);

// every cell: an operation on the participant's own reminders, and who may do it
const OPERATIONS: Record<string, { sql: () => [string, unknown[]]; realtime?: true }> = {
  "read their notification": { sql: () => ["select id from public.notifications where id = $1", [notification]] },
  "mark it read": { sql: () => ["update public.notifications set read_at = now() where id = $1 returning id", [notification]] },
  "delete it": { sql: () => ["delete from public.notifications where id = $1 returning id", [notification]] },
  "write a notification for them": {
    sql: () => [
      "insert into public.notifications (user_id, party_id, kind, title, starts_at) values ($1, $2, 'started', 'x', now()) returning id",
      [ids.participant, party],
    ],
  },
  "hear user:<id>": { sql: () => [`user:${ids.participant}`, []], realtime: true },
  "read their reminder time": { sql: () => ["select lead_minutes from public.reminder_preferences where user_id = $1", [ids.participant]] },
  "change their reminder time": {
    sql: () => ["update public.reminder_preferences set lead_minutes = 60 where user_id = $1 returning lead_minutes", [ids.participant]],
  },
  "choose their reminder time for another party": {
    sql: () => [
      "insert into public.reminder_preferences (stream_id, user_id, lead_minutes) values ($1, $2, 5) returning user_id",
      [otherParty, ids.participant],
    ],
  },
  "see their calendar feed": { sql: () => ["select created_at from public.calendar_feeds where user_id = $1", [ids.participant]] },
  "revoke their calendar feed": {
    sql: () => ["delete from public.calendar_feeds where user_id = $1 returning user_id", [ids.participant]],
  },
};

const ONLY_THEM = [
  "read their notification",
  "mark it read",
  "hear user:<id>",
  "read their reminder time",
  "change their reminder time",
  "choose their reminder time for another party",
  "see their calendar feed",
  "revoke their calendar feed",
];

function expectedCells(who: Who | "anon"): Record<string, boolean> {
  return Object.fromEntries(Object.keys(OPERATIONS).map((op) => [op, who === "participant" && ONLY_THEM.includes(op)]));
}

async function cells(who: Who | "anon", alter?: string): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const [name, op] of Object.entries(OPERATIONS)) {
    const [sql, params] = op.sql();
    out[name] = op.realtime ? await hears(callerOf(who), sql, alter) : await allowed(callerOf(who), sql, params, alter);
  }
  return out;
}

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
  const [owner, ...people] = await Promise.all(["owner", ...WHO].map((name) => f.user(name)));
  ids = Object.fromEntries(WHO.map((who, i) => [who, people[i]!])) as Record<Who, string>;
  const habitat = await f.habitat(owner!, { member: [ids["ex-member"], ids.member, ids.participant, ids.host] });
  party = (
    await db.pool.query<{ id: string }>(
      "insert into public.habitat_watch_parties (habitat_id, title, scheduled_start) values ($1, 'Soon', now() + interval '10 minutes') returning id",
      [habitat],
    )
  ).rows[0]!.id;
  otherParty = await f.party(habitat);
  await f.join(ids.participant, otherParty);
  for (const who of ["host", "participant", "ex-member"] as const) {
    await f.join(ids[who], party);
    await query(
      db.pool,
      asUser(ids[who]),
      "update public.stream_participants set reminder_enabled = true where stream_id = $1 and user_id = $2",
      [party, ids[who]],
    );
  }
  await query(
    db.pool,
    asUser(ids.participant),
    "insert into public.reminder_preferences (stream_id, user_id, lead_minutes) values ($1, $2, 15)",
    [party, ids.participant],
  );
  await db.pool.query("select private.dispatch_reminders()");
  await db.pool.query("delete from public.habitat_members where user_id = $1", [ids["ex-member"]]);
  notification = (await db.pool.query<{ id: string }>("select id from public.notifications where user_id = $1", [ids.participant])).rows[0]!
    .id;
  token = (await query<{ token: string }>(db.pool, asUser(ids.participant), "select public.regenerate_calendar_feed() as token"))[0]!.token;
});
afterAll(async () => db?.close());

describe("a participant's reminders: who may do what", () => {
  for (const who of ["anon", ...WHO] as const) {
    it(`${who}: ${who === "participant" ? "reads, marks read, hears, chooses times, sees and revokes the feed; never writes or deletes a notification" : "nothing"}`, async () => {
      expect(await cells(who)).toEqual(expectedCells(who));
    });
  }

  it("everyone reads only their own notifications, newest first", async () => {
    for (const who of WHO) {
      const rows = await query<{ user_id: string }>(
        db.pool,
        callerOf(who),
        "select user_id from public.notifications order by created_at desc",
      );
      expect(
        rows.every((r) => r.user_id === ids[who]),
        who,
      ).toBe(true);
    }
    // the ex-member keeps the reminder delivered while they were a member
    expect(await query(db.pool, callerOf("ex-member"), "select kind from public.notifications")).toEqual([{ kind: "starts_soon" }]);
  });

  it("a user changes nothing of a notification but read_at", async () => {
    const error = await pgError(
      query(db.pool, callerOf("participant"), "update public.notifications set title = 'mine' where id = $1", [notification]),
    );
    expect(error.code).toBe("42501");
  });

  it("dropping any policy of these tables changes a cell", async () => {
    const { rows: policies } = await db.pool.query<{ tablename: string; policyname: string }>(
      "select tablename, policyname from pg_policies where schemaname = 'public' and tablename in ('notifications', 'reminder_preferences', 'calendar_feeds') order by 1, 2",
    );
    expect(policies).toHaveLength(7);
    for (const { tablename, policyname } of policies) {
      const changed = await cells("participant", `drop policy "${policyname}" on public.${tablename}`);
      expect(changed, `${tablename}: ${policyname}`).not.toEqual(expectedCells("participant"));
    }
  });
});

describe("the calendar feed's secret token", () => {
  const feed = (caller: Caller, value: string) =>
    query<{ feed: { displayName: string; parties: Array<{ id: string }> } | null }>(
      db.pool,
      caller,
      "select public.calendar_feed($1) as feed",
      [value],
    );

  it("answers anyone holding the current token (calendar apps sign in as nobody) with the owner's parties", async () => {
    const [row] = await feed(anon, token);
    expect(row!.feed).toMatchObject({
      displayName: "participant",
      parties: [
        { id: party, title: "Soon", leadMinutes: 15, reminderEnabled: true, status: "scheduled", habitatName: expect.any(String) },
        { id: otherParty, leadMinutes: 15, reminderEnabled: false },
      ],
    });
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    // only the hash is stored
    expect(
      (await db.pool.query("select count(*)::int as n from public.calendar_feeds where token_hash = convert_to($1, 'UTF8')", [token]))
        .rows[0].n,
    ).toBe(0);
  });

  it("a wrong, malformed or revoked token gets nothing", async () => {
    for (const wrong of ["", "nope", token.replace(/.$/, (c) => (c === "0" ? "1" : "0")), token.toUpperCase(), `${token}0`]) {
      expect((await feed(anon, wrong))[0]!.feed, wrong).toBeNull();
    }
    const fresh = (
      await query<{ token: string }>(db.pool, asUser(ids.participant), "select public.regenerate_calendar_feed() as token")
    )[0]!.token;
    expect((await feed(anon, token))[0]!.feed).toBeNull();
    expect((await feed(anon, fresh))[0]!.feed).not.toBeNull();
    token = fresh;
  });

  it("an ex-member's feed no longer lists the habitat's parties; anon cannot make a feed", async () => {
    const exToken = (
      await query<{ token: string }>(db.pool, asUser(ids["ex-member"]), "select public.regenerate_calendar_feed() as token")
    )[0]!.token;
    expect((await feed(anon, exToken))[0]!.feed).toMatchObject({ parties: [] });
    expect((await pgError(query(db.pool, anon, "select public.regenerate_calendar_feed()"))).code).toBe("42501");
  });

  it("tokens are per user: regenerating one user's leaves the others' working", async () => {
    const hostToken = (await query<{ token: string }>(db.pool, asUser(ids.host), "select public.regenerate_calendar_feed() as token"))[0]!
      .token;
    await as(db.pool, asUser(ids.participant), (c) => c.query("select public.regenerate_calendar_feed()"));
    expect((await feed(anon, hostToken))[0]!.feed).toMatchObject({ displayName: "host" });
  });
});
