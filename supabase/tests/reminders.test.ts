// Reminders delivered by private.dispatch_reminders() (the cron job): a lead time before the start
// and at the start, exactly once per (user, party, kind), only while the reminder is on, the user
// is a participant and a member, and the party is neither cancelled nor over; a rescheduled party
// reminds at its new time. Also: two dispatcher runs racing, the plan that keeps the cost with what
// is due, the broadcast to user:<id>, and the rollback.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "@habitats/supabase-local/schema";
import { as, asUser, freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { catalogSnapshot } from "./helpers/catalog";
import { ROLLBACKS_DIR } from "./helpers/constants";
import { Fixtures } from "./helpers/fixtures";
import { capturePlans } from "./helpers/plans";

const REMINDERS_VERSION = "20260117000000";

let db: TestDatabase;
let f: Fixtures;
let owner: string;
let habitat: string;

interface Delivered {
  user_id: string;
  party_id: string;
  kind: string;
  title: string;
}

const dispatch = async (): Promise<number> => (await db.pool.query<{ n: number }>("select private.dispatch_reminders() as n")).rows[0]!.n;

const delivered = async (partyId: string): Promise<Delivered[]> =>
  (
    await db.pool.query<Delivered>(
      "select user_id, party_id, kind, title from public.notifications where party_id = $1 order by created_at, kind",
      [partyId],
    )
  ).rows;

const kindsFor = async (partyId: string, userId: string): Promise<string[]> =>
  (await delivered(partyId)).filter((n) => n.user_id === userId).map((n) => n.kind);

/** A party of the habitat starting `minutes` from now (negative: started already). */
async function party(minutes: number, endsAfterMinutes = 120): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start, scheduled_end)
     values ($1, 'Movie ' || left(md5(random()::text), 6), now() + make_interval(mins => $2::int), now() + make_interval(mins => $2::int + $3::int)) returning id`,
    [habitat, minutes, endsAfterMinutes],
  );
  return rows[0]!.id;
}

/** `userId` (a member) joins `partyId` and turns the reminder on, as themselves. */
async function joinWithReminder(userId: string, partyId: string, leadMinutes?: number): Promise<void> {
  await f.join(userId, partyId);
  await setReminder(userId, partyId, true);
  if (leadMinutes !== undefined) await setLead(userId, partyId, leadMinutes);
}

const setReminder = (userId: string, partyId: string, enabled: boolean) =>
  as(db.pool, asUser(userId), (c) =>
    c.query("update public.stream_participants set reminder_enabled = $3 where stream_id = $1 and user_id = $2", [
      partyId,
      userId,
      enabled,
    ]),
  );

const setLead = (userId: string, partyId: string, minutes: number) =>
  as(db.pool, asUser(userId), (c) =>
    c.query(
      "insert into public.reminder_preferences (stream_id, user_id, lead_minutes) values ($1, $2, $3) on conflict (user_id, stream_id) do update set lead_minutes = excluded.lead_minutes",
      [partyId, userId, minutes],
    ),
  );

const moveStart = (partyId: string, minutes: number) =>
  db.pool.query(
    "update public.habitat_watch_parties set scheduled_start = now() + make_interval(mins => $2::int), scheduled_end = now() + make_interval(mins => $2::int + 120) where id = $1",
    [partyId, minutes],
  );

async function member(name: string): Promise<string> {
  const id = await f.user(name);
  await db.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'member')", [habitat, id]);
  return id;
}

beforeAll(async () => {
  db = await freshDatabase("tpl_full", 12);
  f = new Fixtures(db.pool);
  owner = await f.user("owner");
  habitat = await f.habitat(owner);
});
afterAll(async () => db?.close());
// each test starts with nothing due
beforeEach(async () => {
  await dispatch();
});

describe("delivery at the lead time and at the start", () => {
  it("15 minutes before by default: a party 10 minutes away reminds now, once; one 30 minutes away not yet", async () => {
    const soon = await party(10);
    const later = await party(30);
    const bob = await member("bob");
    await joinWithReminder(bob, soon);
    await joinWithReminder(bob, later);
    expect(await dispatch()).toBe(1);
    expect(await delivered(soon)).toEqual([{ user_id: bob, party_id: soon, kind: "starts_soon", title: expect.stringMatching(/^Movie /) }]);
    expect(await delivered(later)).toEqual([]);
    expect(await dispatch()).toBe(0);
    expect(await kindsFor(soon, bob)).toEqual(["starts_soon"]);
  });

  it("a lead time of 60 or 5 minutes moves the reminder", async () => {
    const in30 = await party(30);
    const in10 = await party(10);
    const ann = await member("ann");
    await joinWithReminder(ann, in30, 60);
    await joinWithReminder(ann, in10, 5);
    expect(await dispatch()).toBe(1);
    expect(await kindsFor(in30, ann)).toEqual(["starts_soon"]);
    expect(await kindsFor(in10, ann)).toEqual([]);
    // the lead time only takes 5, 15 or 60
    await expect(setLead(ann, in10, 30)).rejects.toMatchObject({ code: "23514" });
  });

  it("at the start, a 'started' reminder; each kind once", async () => {
    const id = await party(10);
    const cy = await member("cy");
    await joinWithReminder(cy, id);
    expect(await dispatch()).toBe(1);
    await moveStart(id, -1);
    expect(await dispatch()).toBe(1);
    expect(await kindsFor(id, cy)).toEqual(["starts_soon", "started"]);
    // turned off and on again, rescheduled back and forth: nothing delivered twice
    await setReminder(cy, id, false);
    await setReminder(cy, id, true);
    await moveStart(id, 10);
    await moveStart(id, -1);
    expect(await dispatch()).toBe(0);
    expect(await kindsFor(id, cy)).toEqual(["starts_soon", "started"]);
  });

  it("a reminder past its moment is dropped, not delivered late", async () => {
    const startedLongAgo = await party(-30, 240);
    const dee = await member("dee");
    await joinWithReminder(dee, startedLongAgo);
    expect(await dispatch()).toBe(0);
    expect(await delivered(startedLongAgo)).toEqual([]);
    expect(
      (await db.pool.query("select count(*)::int as n from private.reminder_queue where stream_id = $1", [startedLongAgo])).rows[0].n,
    ).toBe(0);
  });
});

describe("never after the reminder is off, the user left or lost membership, or the party was cancelled", () => {
  it("turned off: nothing", async () => {
    const id = await party(10);
    const eve = await member("eve");
    await joinWithReminder(eve, id);
    await setReminder(eve, id, false);
    expect(await dispatch()).toBe(0);
    expect(await delivered(id)).toEqual([]);
  });

  it("left the party: nothing", async () => {
    const id = await party(10);
    const fay = await member("fay");
    await joinWithReminder(fay, id);
    await f.leave(fay, id);
    expect(await dispatch()).toBe(0);
  });

  it("removed from the habitat: nothing", async () => {
    const id = await party(10);
    const gus = await member("gus");
    await joinWithReminder(gus, id);
    await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, gus]);
    expect(await dispatch()).toBe(0);
  });

  it("the party cancelled, or deleted: nothing", async () => {
    const cancelled = await party(10);
    const deleted = await party(10);
    const hal = await member("hal");
    await joinWithReminder(hal, cancelled);
    await joinWithReminder(hal, deleted);
    await db.pool.query("update public.habitat_watch_parties set status = 'cancelled' where id = $1", [cancelled]);
    await db.pool.query("delete from public.habitat_watch_parties where id = $1", [deleted]);
    expect(await dispatch()).toBe(0);
  });

  it("rescheduled: reminds at the new time, not the old", async () => {
    const id = await party(10);
    const ida = await member("ida");
    await joinWithReminder(ida, id);
    await moveStart(id, 120);
    expect(await dispatch()).toBe(0);
    const { rows } = await db.pool.query<{ kind: string; minutes: number }>(
      "select kind, round(extract(epoch from (due_at - now())) / 60)::int as minutes from private.reminder_queue where stream_id = $1 order by kind",
      [id],
    );
    expect(rows).toEqual([
      { kind: "started", minutes: 120 },
      { kind: "starts_soon", minutes: 105 },
    ]);
    await moveStart(id, 14);
    expect(await dispatch()).toBe(1);
    expect(await kindsFor(id, ida)).toEqual(["starts_soon"]);
  });
});

describe("exactly once, with two dispatcher runs racing", () => {
  it("two connections dispatch at once: every due reminder delivered once", async () => {
    const id = await party(10);
    const users = await Promise.all(Array.from({ length: 40 }, (_, i) => member(`racer${i}`)));
    for (const user of users) await joinWithReminder(user, id);
    const [a, b] = [await db.pool.connect(), await db.pool.connect()];
    try {
      // A takes the due rows and holds them uncommitted while B runs: B skips what A holds
      await a.query("begin");
      const first = (await a.query<{ n: number }>("select private.dispatch_reminders() as n")).rows[0]!.n;
      const racing = b.query<{ n: number }>("select private.dispatch_reminders() as n");
      await a.query("commit");
      const second = (await racing).rows[0]!.n;
      expect(first + second).toBe(40);
      // and both at the same moment, again: nothing more
      const again = await Promise.all([
        a.query<{ n: number }>("select private.dispatch_reminders() as n"),
        b.query<{ n: number }>("select private.dispatch_reminders() as n"),
      ]);
      expect(again.map((r) => r.rows[0]!.n)).toEqual([0, 0]);
    } finally {
      a.release();
      b.release();
    }
    const rows = await delivered(id);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(40);
  });

  it("a reminder put back in the queue by hand is still not delivered twice (the unique constraint)", async () => {
    const id = await party(10);
    const jo = await member("jo");
    await joinWithReminder(jo, id);
    expect(await dispatch()).toBe(1);
    await db.pool.query(
      "insert into private.reminder_queue values ($1, $2, 'starts_soon', now() - interval '1 second', now() + interval '1 hour')",
      [id, jo],
    );
    expect(await dispatch()).toBe(0);
    expect(await kindsFor(id, jo)).toEqual(["starts_soon"]);
  });
});

describe("cost and live delivery", () => {
  it("the dispatcher reads the queue through its due_at index, however much is pending", async () => {
    const far = await party(600);
    // 2,000 pending reminders (two per participant), none due
    await db.pool.query(
      `with users as (
        insert into auth.users (id, aud, role, email, created_at, updated_at)
        select gen_random_uuid(), 'authenticated', 'authenticated', 'pending' || i || '@example.com', now(), now() from generate_series(1, 1000) i
        returning id
      ), members as (
        insert into public.habitat_members (habitat_id, user_id) select $1, id from users returning user_id
      )
      select count(*) from members`,
      [habitat],
    );
    await db.pool.query(
      `insert into public.stream_participants (stream_id, user_id, reminder_enabled)
      select $1, m.user_id, true from public.habitat_members m join auth.users u on u.id = m.user_id
      where m.habitat_id = $2 and u.email like 'pending%'`,
      [far, habitat],
    );
    await db.pool.query("analyze private.reminder_queue");
    const client = await db.pool.connect();
    try {
      const plans = await capturePlans(client, () => client.query("select private.dispatch_reminders()"));
      const reads = plans.scans.filter((s) => s.includes("on reminder_queue") && !s.startsWith("ModifyTable"));
      expect(reads).toContainEqual(expect.stringMatching(/^Index (Only )?Scan using reminder_queue_due_at_idx on reminder_queue$/));
      expect(reads.filter((s) => s.startsWith("Seq Scan"))).toEqual([]);
    } finally {
      client.release();
    }
  });

  it("a delivered reminder is broadcast, as the list shows it, to user:<id> only", async () => {
    const id = await party(10);
    const kim = await member("kim");
    await joinWithReminder(kim, id);
    const since = (await db.pool.query<{ now: Date }>("select timezone('utc', clock_timestamp()) as now")).rows[0]!.now;
    expect(await dispatch()).toBe(1);
    const { rows } = await db.pool.query(
      "select topic, event, private, payload from realtime.messages where inserted_at >= $1 and event = 'notification'",
      [since],
    );
    const [notification] = (await db.pool.query("select id, created_at from public.notifications where party_id = $1", [id])).rows;
    expect(rows).toEqual([
      {
        topic: `user:${kim}`,
        event: "notification",
        private: true,
        payload: {
          id: expect.any(String),
          notification: {
            id: notification.id,
            kind: "starts_soon",
            partyId: id,
            title: expect.stringMatching(/^Movie /),
            startsAt: expect.any(String),
            createdAt: expect.any(String),
            readAt: null,
          },
        },
      },
    ]);
  });
});

describe("the cron job", () => {
  it("the migration schedules the dispatcher with Supabase Cron", async () => {
    const { rows } = await db.pool.query(
      "select jobname, schedule, command, username, active from cron.job where jobname in ('dispatch-reminders', 'purge-cron-history') order by jobname",
    );
    expect(rows).toEqual([
      {
        jobname: "dispatch-reminders",
        schedule: "30 seconds",
        command: "select private.dispatch_reminders()",
        username: "postgres",
        active: true,
      },
      {
        jobname: "purge-cron-history",
        schedule: "17 3 * * *",
        command: "delete from cron.job_run_details where end_time < now() - interval '7 days'",
        username: "postgres",
        active: true,
      },
    ]);
  });
});

describe("rollback", () => {
  it("supabase/rollbacks/20260117000000_reminders.sql returns the catalog to the previous migration's and unschedules the jobs", async () => {
    const [rolledBack, before] = await Promise.all([freshDatabase("tpl_before_reminders"), freshDatabase("tpl_before_reminders")]);
    try {
      const client = await rolledBack.pool.connect();
      try {
        await applyMigrations(client, { until: REMINDERS_VERSION });
      } finally {
        client.release();
      }
      expect((await rolledBack.pool.query("select count(*)::int as n from cron.job")).rows[0].n).toBe(2);
      await rolledBack.pool.query(readFileSync(join(ROLLBACKS_DIR, `${REMINDERS_VERSION}_reminders.sql`), "utf8"));
      await rolledBack.pool.query("delete from supabase_migrations.schema_migrations where version = $1", [REMINDERS_VERSION]);
      expect(await catalogSnapshot(rolledBack.pool)).toEqual(await catalogSnapshot(before.pool));
      expect((await rolledBack.pool.query("select count(*)::int as n from cron.job")).rows[0].n).toBe(0);
    } finally {
      await Promise.all([rolledBack.close(), before.close()]);
    }
  });
});
