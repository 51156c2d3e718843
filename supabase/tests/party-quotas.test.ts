// Quotas on watch parties, enforced by the database: a signed-in user schedules at most 20 parties
// an hour (however many rows a statement inserts, deleted parties included), a habitat holds at most
// 50 parties scheduled ahead, and two transactions racing at either limit never both pass. A refusal
// is SQLSTATE PT429, which PostgREST answers as 429 Too Many Requests (a 4xx, never a 500).
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asUser,
  claimsOf,
  freshDatabase,
  pgError,
  query,
  serviceRole,
  type Caller,
  type TestDatabase,
} from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

const PER_HOUR = 20;
const AHEAD = 50;
const QUOTA = "PT429";

let db: TestDatabase;
let f: Fixtures;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db?.close());

interface Schedule {
  /** rows in the one statement (PostgREST's bulk insert is one statement too) */
  count?: number;
  /** start of the first party, from now */
  startsIn?: string;
  description?: string;
}

const insertParties = `insert into public.habitat_watch_parties (habitat_id, title, description, scheduled_start, created_by)
  select $1, 'Party ' || g, $5, now() + $3::interval + make_interval(mins => g), $2 from generate_series(1, $4) g
  returning id`;
const params = (userId: string | null, habitatId: string, { count = 1, startsIn = "1 day", description }: Schedule) => [
  habitatId,
  userId,
  startsIn,
  count,
  description ?? null,
];

/** `userId` schedules parties in `habitatId` in one statement, as PostgREST would run it. */
const schedule = (userId: string, habitatId: string, options: Schedule = {}, caller: Caller = asUser(userId)) =>
  query<{ id: string }>(db.pool, caller, insertParties, params(userId, habitatId, options));

/** Parties scheduled ahead (as the table owner: operators are not counted). */
const fill = (habitatId: string, options: Schedule) => db.pool.query(insertParties, params(null, habitatId, options));

const partiesOf = async (userId: string) =>
  Number(
    (await db.pool.query<{ n: string }>("select count(*) as n from public.habitat_watch_parties where created_by = $1", [userId])).rows[0]!
      .n,
  );

/** A member with a habitat of their own. */
async function member(name = "member"): Promise<{ user: string; habitat: string }> {
  const user = await f.user(name);
  return { user, habitat: await f.habitat(user) };
}

describe("parties a user schedules in an hour", () => {
  it(`${PER_HOUR} one at a time pass; the next is refused with ${QUOTA} and changes nothing`, async () => {
    const { user, habitat } = await member();
    for (let i = 0; i < PER_HOUR; i++) await schedule(user, habitat);
    const error = await pgError(schedule(user, habitat));
    expect(error).toEqual({ code: QUOTA, message: `you can schedule at most ${PER_HOUR} watch parties an hour` });
    expect(await partiesOf(user)).toBe(PER_HOUR);
  });

  it("one request inserting 300 parties of 5,000 characters (the incident) is refused whole", async () => {
    const { user, habitat } = await member();
    const error = await pgError(schedule(user, habitat, { count: 300, description: "d".repeat(5000) }));
    expect(error.code).toBe(QUOTA);
    expect(await partiesOf(user)).toBe(0);
  });

  it(`a bulk insert counts every row: ${PER_HOUR + 1} in one statement are refused, ${PER_HOUR} pass, then nothing more`, async () => {
    const { user, habitat } = await member();
    expect((await pgError(schedule(user, habitat, { count: PER_HOUR + 1 }))).code).toBe(QUOTA);
    expect(await schedule(user, habitat, { count: PER_HOUR })).toHaveLength(PER_HOUR);
    expect((await pgError(schedule(user, habitat))).code).toBe(QUOTA);
  });

  it("the quota is the user's across habitats", async () => {
    const { user, habitat } = await member();
    const second = await f.habitat(await f.user("owner"), { member: [user] });
    await schedule(user, habitat, { count: PER_HOUR / 2 });
    await schedule(user, second, { count: PER_HOUR / 2 });
    expect((await pgError(schedule(user, second))).code).toBe(QUOTA);
    expect((await pgError(schedule(user, habitat))).code).toBe(QUOTA);
  });

  it("deleting parties does not give the quota back", async () => {
    const { user, habitat } = await member();
    await schedule(user, habitat, { count: PER_HOUR });
    const deleted = await query(db.pool, asUser(user), "delete from public.habitat_watch_parties where created_by = $1 returning id", [
      user,
    ]);
    expect(deleted).toHaveLength(PER_HOUR);
    expect((await pgError(schedule(user, habitat))).code).toBe(QUOTA);
  });

  it("an hour later the user schedules again", async () => {
    const { user, habitat } = await member();
    await schedule(user, habitat, { count: PER_HOUR });
    await db.pool.query("update private.watch_party_creations set created_at = created_at - interval '61 minutes' where user_id = $1", [
      user,
    ]);
    expect(await schedule(user, habitat, { count: PER_HOUR })).toHaveLength(PER_HOUR);
  });

  it("the service role (an operator, no user in the JWT) is not counted", async () => {
    const { user, habitat } = await member();
    expect(await schedule(user, habitat, { count: PER_HOUR + 5 }, serviceRole)).toHaveLength(PER_HOUR + 5);
    expect(await schedule(user, habitat)).toHaveLength(1);
  });
});

describe("parties scheduled ahead in a habitat", () => {
  it(`a habitat holds ${AHEAD} parties scheduled ahead; the next is refused for every member`, async () => {
    const { user, habitat } = await member("owner");
    const other = await f.user("other");
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [habitat, other]);
    await fill(habitat, { count: AHEAD - 1 });
    expect(await schedule(user, habitat)).toHaveLength(1);
    const error = await pgError(schedule(other, habitat));
    expect(error).toEqual({ code: QUOTA, message: `this habitat already has ${AHEAD} watch parties scheduled ahead` });
    expect((await pgError(schedule(user, habitat))).code).toBe(QUOTA);
  });

  it("parties that started, ended or were cancelled do not count", async () => {
    const { user, habitat } = await member();
    await fill(habitat, { count: AHEAD - 1 });
    await fill(habitat, { count: 5, startsIn: "-1 day" });
    const closed = await fill(habitat, { count: 5 });
    await db.pool.query("update public.habitat_watch_parties set status = 'cancelled' where id = any ($1)", [closed.rows.map((r) => r.id)]);
    expect(await schedule(user, habitat)).toHaveLength(1);
    expect((await pgError(schedule(user, habitat))).code).toBe(QUOTA);
    // a party in the past is not ahead: scheduling one is still allowed
    expect(await schedule(user, habitat, { startsIn: "-2 hours" })).toHaveLength(1);
  });

  it("a party rescheduled from the past into the future counts too", async () => {
    const { user, habitat } = await member();
    const [past] = await schedule(user, habitat, { startsIn: "-2 hours" });
    await fill(habitat, { count: AHEAD });
    const reschedule = query(
      db.pool,
      asUser(user),
      "update public.habitat_watch_parties set scheduled_start = now() + interval '3 days' where id = $1 returning id",
      [past!.id],
    );
    expect((await pgError(reschedule)).code).toBe(QUOTA);
    // a change that keeps it where it was is fine
    const retitled = await query(
      db.pool,
      asUser(user),
      "update public.habitat_watch_parties set title = 'Renamed' where id = $1 returning id",
      [past!.id],
    );
    expect(retitled).toHaveLength(1);
  });
});

describe("two transactions racing at the limit", () => {
  /** A connection with an open transaction as `userId` (what PostgREST holds during a request). */
  async function openAs(userId: string): Promise<{ client: pg.PoolClient; pid: number }> {
    const client = await db.pool.connect();
    await client.query("begin");
    await client.query("set local role authenticated");
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(asUser(userId)))]);
    const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    return { client, pid };
  }

  /** Whether backend `pid` waits on a lock (polled for up to two seconds). */
  async function waitsOnLock(pid: number): Promise<boolean> {
    for (let i = 0; i < 40; i++) {
      const { rows } = await db.pool.query("select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'", [pid]);
      if (rows.length > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  /** `first` and `second` each schedule one party in `habitat`, concurrently; `first` commits first. */
  async function race(first: string, second: string, habitat: string): Promise<{ waited: boolean; secondOutcome: string }> {
    const a = await openAs(first);
    const b = await openAs(second);
    try {
      await a.client.query(insertParties, params(first, habitat, {}));
      const pending = b.client.query(insertParties, params(second, habitat, {})).then(
        () => "scheduled",
        (error: { code?: string }) => error.code ?? "error",
      );
      const waited = await waitsOnLock(b.pid);
      await a.client.query("commit");
      const secondOutcome = await pending;
      await b.client.query(secondOutcome === "scheduled" ? "commit" : "rollback");
      return { waited, secondOutcome };
    } finally {
      a.client.release();
      b.client.release();
    }
  }

  it(`one user in two tabs at ${PER_HOUR - 1}: the second request waits for the first, then is refused`, async () => {
    const { user, habitat } = await member();
    await schedule(user, habitat, { count: PER_HOUR - 1 });
    expect(await race(user, user, habitat)).toEqual({ waited: true, secondOutcome: QUOTA });
    expect(await partiesOf(user)).toBe(PER_HOUR);
  });

  it(`two members racing for a habitat's last slot (${AHEAD - 1} ahead): one party gets it`, async () => {
    const { user, habitat } = await member("owner");
    const other = await f.user("other");
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [habitat, other]);
    await fill(habitat, { count: AHEAD - 1 });
    expect(await race(user, other, habitat)).toEqual({ waited: true, secondOutcome: QUOTA });
    const ahead = await db.pool.query("select 1 from public.habitat_watch_parties where habitat_id = $1 and scheduled_start > now()", [
      habitat,
    ]);
    expect(ahead.rowCount).toBe(AHEAD);
  });
});
