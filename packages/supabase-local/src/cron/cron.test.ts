// Supabase Cron on the local stack: pg_cron 1.6's SQL interface from the bootstrap, and the
// scheduler that runs the jobs and records every run, as pg_cron does.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, pgError, type TestDatabase } from "../testing/database";
import { waitFor } from "../testing/wait";
import { startCron, type CronHandle } from "./index";

let db: TestDatabase;
let cron: CronHandle | null = null;

interface RunRow {
  jobid: string;
  runid: string;
  job_pid: number | null;
  database: string;
  username: string;
  command: string;
  status: string;
  return_message: string | null;
  start_time: Date | null;
  end_time: Date | null;
}

const runsOf = async (jobid: string) =>
  (await db.pool.query<RunRow>("select * from cron.job_run_details where jobid = $1 order by runid", [jobid])).rows;

const schedule = async (name: string, when: string, command: string) =>
  (await db.pool.query<{ id: string }>("select cron.schedule($1, $2, $3) as id", [name, when, command])).rows[0]!.id;

const runScheduler = async () => {
  cron = await startCron({ databaseUrl: db.url, tickMs: 50, pollIntervalMs: 100 });
};

beforeAll(async () => {
  db = await freshDatabase();
  // the migrations' own jobs would run here too: this file schedules its own
  await db.pool.query("delete from cron.job");
  await db.pool.query(
    "create table public.cron_ticks (id bigserial primary key, who text not null default current_user, at timestamptz not null default clock_timestamp())",
  );
  await db.pool.query("grant insert, select on public.cron_ticks to public; grant usage on sequence public.cron_ticks_id_seq to public");
});
afterEach(async () => {
  await cron?.stop();
  cron = null;
  await db.pool.query("delete from cron.job");
});
afterAll(async () => db?.close());

describe("pg_cron's SQL interface", () => {
  it("cron.job and cron.job_run_details have pg_cron 1.6's columns", async () => {
    const columns = async (table: string) =>
      (
        await db.pool.query<{ column_name: string; data_type: string }>(
          "select column_name, data_type from information_schema.columns where table_schema = 'cron' and table_name = $1 order by ordinal_position",
          [table],
        )
      ).rows.map((c) => `${c.column_name} ${c.data_type}`);
    expect(await columns("job")).toEqual([
      "jobid bigint",
      "schedule text",
      "command text",
      "nodename text",
      "nodeport integer",
      "database text",
      "username text",
      "active boolean",
      "jobname text",
    ]);
    expect(await columns("job_run_details")).toEqual([
      "jobid bigint",
      "runid bigint",
      "job_pid integer",
      "database text",
      "username text",
      "command text",
      "status text",
      "return_message text",
      "start_time timestamp with time zone",
      "end_time timestamp with time zone",
    ]);
  });

  it("cron.schedule(name, schedule, command) returns the jobid; the same name replaces the job", async () => {
    const first = await schedule("nightly", "0 3 * * *", "select 1");
    const again = await schedule("nightly", "*/5 * * * *", "select 2");
    expect(again).toBe(first);
    const { rows } = await db.pool.query("select schedule, command, database, username, active, jobname, nodename from cron.job");
    expect(rows).toEqual([
      {
        schedule: "*/5 * * * *",
        command: "select 2",
        database: db.name,
        username: "postgres",
        active: true,
        jobname: "nightly",
        nodename: "localhost",
      },
    ]);
    const unnamed = (await db.pool.query<{ id: string }>("select cron.schedule('@hourly', 'select 3') as id")).rows[0]!.id;
    expect(BigInt(unnamed)).toBeGreaterThan(BigInt(first));
  });

  it("an invalid schedule is refused with pg_cron's message and hint", async () => {
    for (const bad of [
      "61 * * * *",
      "* * *",
      "every minute",
      "60 seconds",
      "0 seconds",
      "1/20 * * * *",
      "*/0 * * * *",
      "@often",
      "* * 32 * *",
      "* * * * funday",
    ]) {
      const error = await pgError(schedule("bad", bad, "select 1"));
      expect(error.code, bad).toBe("22023");
      expect(error.message, bad).toBe(`invalid schedule: ${bad}`);
    }
    for (const good of [
      "* * * * *",
      "5 4 * * *",
      "*/15 9-17 * * mon-fri",
      "0 0 $ * *",
      "@daily",
      "1 second",
      "30 seconds",
      "59 Seconds",
      "0 12 1,15 jan-jun *",
    ]) {
      await expect(schedule("good", good, "select 1"), good).resolves.toBeTruthy();
    }
  });

  it("cron.unschedule by name or jobid; an unknown job is pg_cron's error", async () => {
    const id = await schedule("a", "* * * * *", "select 1");
    await schedule("b", "* * * * *", "select 1");
    expect((await db.pool.query("select cron.unschedule('b') as ok")).rows[0].ok).toBe(true);
    expect((await db.pool.query("select cron.unschedule($1::bigint) as ok", [id])).rows[0].ok).toBe(true);
    expect((await db.pool.query("select count(*)::int as n from cron.job")).rows[0].n).toBe(0);
    expect((await pgError(db.pool.query("select cron.unschedule('b')"))).message).toBe("could not find valid entry for job 'b'");
    expect((await pgError(db.pool.query("select cron.unschedule(424242::bigint)"))).message).toBe(
      "could not find valid entry for job 424242",
    );
  });

  it("other roles see only their own jobs (pg_cron's policy), and cannot schedule", async () => {
    await schedule("mine", "* * * * *", "select 1");
    const client = await db.pool.connect();
    try {
      await client.query("begin; grant usage on schema cron to authenticated; set local role authenticated");
      expect((await client.query("select * from cron.job")).rows).toEqual([]);
      expect((await pgError(client.query("select cron.schedule('theirs', '* * * * *', 'select 1')"))).code).toBe("42501");
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});

describe("the scheduler", () => {
  it("runs a '1 seconds' job every second in its own connection and records each run", async () => {
    const id = await schedule("tick", "1 seconds", "insert into public.cron_ticks default values");
    const started = Date.now();
    await runScheduler();
    await waitFor("three runs", async () => (await runsOf(id)).filter((r) => r.status === "succeeded").length >= 3, 15_000);
    const runs = (await runsOf(id)).filter((r) => r.status === "succeeded");
    for (const run of runs) {
      expect(run).toMatchObject({
        database: db.name,
        username: "postgres",
        command: "insert into public.cron_ticks default values",
        return_message: "INSERT 0 1",
      });
      expect(run.job_pid).toBeGreaterThan(0);
      expect(run.end_time!.getTime()).toBeGreaterThanOrEqual(run.start_time!.getTime());
    }
    // a connection of its own each time, about a second apart
    expect(new Set(runs.map((r) => r.job_pid)).size).toBe(runs.length);
    const starts = runs.map((r) => r.start_time!.getTime());
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(950);
    expect(starts[0]! - started).toBeLessThan(2000);
  });

  it("a failing job is recorded as failed with the error, and its next run still happens", async () => {
    const failing = await schedule("fails", "1 seconds", "select 1/0");
    const fine = await schedule("fine", "1 seconds", "select 1");
    await runScheduler();
    await waitFor(
      "two failed runs and a good one",
      async () => (await runsOf(failing)).filter((r) => r.status === "failed").length >= 2 && (await runsOf(fine)).length >= 1,
      15_000,
    );
    const [run] = await runsOf(failing);
    expect(run).toMatchObject({ status: "failed", return_message: "ERROR:  division by zero\n" });
    expect(run!.end_time).not.toBeNull();
    expect((await runsOf(fine))[0]).toMatchObject({ status: "succeeded", return_message: "1 row" });
  });

  it("an unscheduled job stops running; a job scheduled meanwhile starts", async () => {
    const id = await schedule("tick", "1 seconds", "insert into public.cron_ticks default values");
    await runScheduler();
    await waitFor("a run", async () => (await runsOf(id)).length >= 1);
    await db.pool.query("select cron.unschedule('tick')");
    await new Promise((resolve) => setTimeout(resolve, 300)); // the scheduler reads cron.job again
    const after = (await runsOf(id)).length;
    const other = await schedule("later", "1 seconds", "select 'later'");
    await waitFor("the new job's runs", async () => (await runsOf(other)).length >= 2, 10_000);
    expect((await runsOf(id)).length).toBe(after);
  });

  it("a job never overlaps itself: a slow run is followed by one more, not a backlog", async () => {
    const id = await schedule("slow", "1 seconds", "select pg_sleep(1.5)");
    await runScheduler();
    await waitFor("three runs", async () => (await runsOf(id)).filter((r) => r.end_time).length >= 3, 20_000);
    const runs = (await runsOf(id)).filter((r) => r.end_time);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start_time!.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.end_time!.getTime());
  });

  it("runs a job as its user (schedule_in_database), and leaves inactive jobs and other databases' jobs alone", async () => {
    const asAuthenticator = (
      await db.pool.query<{ id: string }>(
        "select cron.schedule_in_database('as-authenticator', '1 seconds', 'insert into public.cron_ticks default values', $1, 'authenticator') as id",
        [db.name],
      )
    ).rows[0]!.id;
    const inactive = await schedule("inactive", "1 seconds", "select 1");
    await db.pool.query("select cron.alter_job($1, active => false)", [inactive]);
    const elsewhere = (
      await db.pool.query<{ id: string }>("select cron.schedule_in_database('elsewhere', '1 seconds', 'select 1', 'postgres') as id")
    ).rows[0]!.id;
    await runScheduler();
    await waitFor("a run as authenticator", async () => (await runsOf(asAuthenticator)).some((r) => r.status === "succeeded"), 10_000);
    expect((await runsOf(asAuthenticator))[0]).toMatchObject({ username: "authenticator", status: "succeeded" });
    expect((await db.pool.query("select distinct who from public.cron_ticks where who <> 'postgres'")).rows).toEqual([
      { who: "authenticator" },
    ]);
    expect(await runsOf(inactive)).toEqual([]);
    expect(await runsOf(elsewhere)).toEqual([]);
  });

  it("runs left starting or running by a stopped scheduler are marked failed when it starts", async () => {
    await db.pool.query("insert into cron.job_run_details (jobid, status) values (999, 'running'), (999, 'starting'), (999, 'succeeded')");
    await runScheduler();
    const { rows } = await db.pool.query("select status, return_message from cron.job_run_details where jobid = 999 order by runid");
    expect(rows).toEqual([
      { status: "failed", return_message: "server restarted" },
      { status: "failed", return_message: "server restarted" },
      { status: "succeeded", return_message: null },
    ]);
  });
});
