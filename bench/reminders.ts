// The reminder dispatcher (private.dispatch_reminders(), the cron job's command) with 1,000
// reminders due among 10,000, 100,000 and 1,000,000 pending: wall time of one run, and the SQL
// statements it executes (pg_stat_statements with track = all, so the trigger functions' statements
// count too), and the shared buffers it touches (its work, whatever the machine's load). Each run delivers 1,000 notifications, each broadcast to its user's topic. The cost
// should follow what is due, not what is pending: the three sizes should take the same time.
import pg from "pg";
import { summarize, type Row } from "./lib/stats";

const USERS = 1000;
/** parties whose "starts soon" reminder is due now: 10 × 100 participants = 1,000 due */
const DUE_PARTIES = 10;
const DUE_PER_PARTY = 100;
const PENDING_SIZES = [10_000, 100_000, 1_000_000];
const RUNS = 5;

async function setup(db: pg.Client): Promise<{ habitat: string; users: string[]; dueParties: string[] }> {
  await db.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'r' || i || '@example.com', jsonb_build_object('display_name', 'R' || i), now(), now()
    from generate_series(1, ${USERS}) i`);
  const users = (await db.query<{ id: string }>("select id from auth.users order by email")).rows.map((r) => r.id);
  const habitat = (
    await db.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Reminders', $1) returning id", [users[0]])
  ).rows[0]!.id;
  await db.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [
    habitat,
    users,
  ]);
  const dueParties = (
    await db.query<{ id: string }>(
      `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
    select $1, 'Soon ' || g, now() + interval '10 minutes' from generate_series(1, ${DUE_PARTIES}) g returning id`,
      [habitat],
    )
  ).rows.map((r) => r.id);
  await join(db, dueParties, users.slice(0, DUE_PER_PARTY));
  return { habitat, users, dueParties };
}

/**
 * Every user of `users` joins every party of `parties` with the reminder on. Bulk, with the row
 * triggers off (a benchmark's fixture, not the thing measured); then the real scheduling function
 * queues their reminders, party by party.
 */
async function join(db: pg.Client, parties: string[], users: string[]): Promise<void> {
  await db.query("set session_replication_role = replica");
  await db.query(
    `insert into public.stream_participants (stream_id, user_id, reminder_enabled, joined_at, is_host)
     select p, u, true, now(), false from unnest($1::uuid[]) p cross join unnest($2::uuid[]) u`,
    [parties, users],
  );
  await db.query("set session_replication_role = origin");
  for (const party of parties) await db.query("select private.schedule_reminders($1)", [party]);
}

/** Far-off parties until `total` reminders are pending (two per participation). */
async function growTo(db: pg.Client, habitat: string, users: string[], total: number): Promise<void> {
  const pending = async () => (await db.query<{ n: number }>("select count(*)::int as n from private.reminder_queue")).rows[0]!.n;
  const missing = total - (await pending());
  const parties = Math.round(missing / (2 * users.length));
  if (parties <= 0) return;
  const ids = (
    await db.query<{ id: string }>(
      `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
    select $1, 'Later ' || g, now() + make_interval(days => 2 + g % 300) from generate_series(1, ${parties}) g returning id`,
      [habitat],
    )
  ).rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 50) await join(db, ids.slice(i, i + 50), users);
  await db.query("vacuum analyze private.reminder_queue");
}

/**
 * Makes the 1,000 "starts soon" reminders due again, as if never delivered: their notifications
 * gone, their parties 10 minutes away again (the reschedule trigger queues them anew).
 */
async function requeueDue(db: pg.Client, dueParties: string[]): Promise<void> {
  await db.query("delete from public.notifications where party_id = any ($1)", [dueParties]);
  await db.query(
    "update public.habitat_watch_parties set scheduled_start = clock_timestamp() + interval '10 minutes' where id = any ($1)",
    [dueParties],
  );
  // each run starts from the same state: no dead rows left by the previous one
  await db.query("vacuum analyze public.notifications, private.reminder_queue, public.habitat_watch_parties");
}

interface Measured {
  ms: number;
  delivered: number;
  statements: number;
  /** shared buffers the run read or hit: its work, whatever the machine's load */
  blocks: number;
  /** of those, read from outside shared buffers (the OS cache or the disk) */
  reads: number;
}

async function dispatchOnce(db: pg.Client): Promise<Measured> {
  await db.query("select extensions.pg_stat_statements_reset()");
  const started = performance.now();
  const delivered = (await db.query<{ n: number }>("select private.dispatch_reminders() as n")).rows[0]!.n;
  const ms = performance.now() - started;
  // nested statements count in their own rows and in their caller's: buffers of the top level only
  const { rows } = await db.query<{ calls: string; blocks: string; reads: string }>(
    `select coalesce(sum(calls), 0) as calls, coalesce(sum(shared_blks_hit + shared_blks_read) filter (where toplevel), 0) as blocks,
            coalesce(sum(shared_blks_read) filter (where toplevel), 0) as reads
     from extensions.pg_stat_statements where query not like '%pg_stat_statements%'`,
  );
  return { ms, delivered, statements: Number(rows[0]!.calls), blocks: Number(rows[0]!.blocks), reads: Number(rows[0]!.reads) };
}

export async function benchReminders(url: string): Promise<{ rows: Row[]; plan: string }> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query("create extension if not exists pg_stat_statements with schema extensions");
    await db.query("set pg_stat_statements.track = 'all'");
    // the cron jobs the migration scheduled stay idle here: no scheduler runs on this database
    const { habitat, users, dueParties } = await setup(db);
    const rows: Row[] = [];
    let plan = "";
    for (const size of PENDING_SIZES) {
      await requeueDue(db, dueParties);
      await growTo(db, habitat, users, size);
      const pending = (await db.query<{ n: number }>("select count(*)::int as n from private.reminder_queue")).rows[0]!.n;
      await dispatchOnce(db); // a warm-up run, not counted
      const samples: Measured[] = [];
      for (let run = 0; run < RUNS; run++) {
        await requeueDue(db, dueParties);
        samples.push(await dispatchOnce(db));
      }
      const times = summarize(samples.map((s) => s.ms));
      rows.push({
        "pending reminders": pending,
        "due (delivered per run)": samples[0]!.delivered,
        runs: RUNS,
        "p50 ms": times.p50,
        "max ms": times.max,
        "ms per delivered": times.p50 / Math.max(1, samples[0]!.delivered),
        "statements per run": samples[0]!.statements,
        "buffers per run (p50)": summarize(samples.map((x) => x.blocks)).p50,
        "of which read (p50)": summarize(samples.map((x) => x.reads)).p50,
      });
      if (size === 100_000) {
        await requeueDue(db, dueParties);
        plan = (
          await db.query<{ "QUERY PLAN": string }>(
            "explain select d.stream_id from private.reminder_queue d where d.due_at <= now() order by d.due_at limit 5000 for update skip locked",
          )
        ).rows
          .map((r) => r["QUERY PLAN"])
          .join("\n");
        await db.query("select private.dispatch_reminders()");
      }
    }
    return { rows, plan };
  } finally {
    await db.end();
  }
}
