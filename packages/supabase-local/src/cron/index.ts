// Supabase Cron for the local stack: what pg_cron's background worker does, in the API process.
// It polls cron.job (the table bootstrap.sql creates with pg_cron's SQL interface) and runs each
// active job of the database it serves when its schedule says, as pg_cron decides it
// (src/pg_cron.c: StartAllPendingRuns):
// - '[1-59] seconds': when that long has passed since the last start; a run that takes longer is
//   followed by one more at once, never by a backlog;
// - cron syntax: once in every minute that matches (UTC); minutes the clock skipped (up to 5) are
//   caught up, a larger jump runs only what matches the current minute;
// - @reboot: once when the scheduler starts.
// A job never runs twice at once; at most `maxRunningJobs` run together (cron.max_running_jobs).
// A failing run is recorded as failed and changes nothing for the next one. Runs still marked
// starting or running when the scheduler starts are marked failed ("server restarted").
import pg from "pg";
import { runJob, type Job } from "./run-job";
import { firesAt, toSchedule, type Schedule } from "./schedule";

export interface CronOptions {
  /** a superuser connection to the database whose cron.job this scheduler serves */
  databaseUrl: string;
  /** how often cron.job is read again (ms) */
  pollIntervalMs?: number;
  /** how often schedules are checked (ms) */
  tickMs?: number;
  maxRunningJobs?: number;
  log?: (message: string) => void;
}

export interface CronHandle {
  stop(): Promise<void>;
}

interface Task {
  job: Job;
  schedule: Schedule | null;
  active: boolean;
  pending: number;
  running: boolean;
  lastStartMs: number;
}

interface JobRow {
  jobid: string;
  command: string;
  database: string;
  username: string;
  active: boolean;
  parsed: unknown;
}

const MINUTE_MS = 60_000;
const MAX_CATCH_UP_MINUTES = 5;
const STOP_GRACE_MS = 2000;
const UNDEFINED_TABLE = "42P01";
const INVALID_SCHEMA = "3F000";

export async function startCron(options: CronOptions): Promise<CronHandle> {
  const { databaseUrl, pollIntervalMs = 1000, tickMs = 100, maxRunningJobs = 32 } = options;
  const log = options.log ?? (() => undefined);
  const served = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "postgres";
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: "pg_cron scheduler" });
  pool.on("error", () => undefined); // idle connections dropped by a restarting Postgres
  const tasks = new Map<string, Task>();
  const runs = new Set<Promise<void>>();
  let lastMinuteMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  let lastLoadMs = 0;
  let rebooted = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let complained = false;

  const reportOnce = (message: string) => {
    if (!complained) log(message);
    complained = true;
  };

  await pool
    .query("update cron.job_run_details set status = 'failed', return_message = 'server restarted' where status in ('starting', 'running')")
    .catch(() => undefined);

  async function load(): Promise<void> {
    let rows: JobRow[];
    try {
      rows = (
        await pool.query<JobRow>(
          "select jobid, command, database, username, active, cron.parse_schedule(schedule) as parsed from cron.job where database = $1",
          [served],
        )
      ).rows;
      complained = false;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === UNDEFINED_TABLE || code === INVALID_SCHEMA) rows = [];
      else return reportOnce(`cron: cannot read cron.job: ${error instanceof Error ? error.message : String(error)}`);
    }
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.jobid);
      const job: Job = { jobid: row.jobid, command: row.command, database: row.database, username: row.username };
      const task = tasks.get(row.jobid);
      if (task) Object.assign(task, { job, schedule: toSchedule(row.parsed), active: row.active });
      else tasks.set(row.jobid, { job, schedule: toSchedule(row.parsed), active: row.active, pending: 0, running: false, lastStartMs: 0 });
    }
    for (const id of tasks.keys()) if (!seen.has(id)) tasks.delete(id);
  }

  /** Adds the runs that are due now to each task's pending count. */
  function queueDueRuns(nowMs: number): void {
    const currentMinuteMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    const minutesPassed = (currentMinuteMs - lastMinuteMs) / MINUTE_MS;
    for (const task of tasks.values()) {
      const { schedule } = task;
      if (!task.active || !schedule) continue;
      if (schedule.kind === "reboot") {
        if (!rebooted) task.pending += 1;
      } else if (schedule.kind === "interval") {
        if (task.pending === 0 && nowMs - task.lastStartMs >= schedule.seconds * 1000) task.pending += 1;
      } else if (minutesPassed > MAX_CATCH_UP_MINUTES) {
        if (firesAt(schedule, currentMinuteMs)) task.pending += 1;
      } else {
        for (let minute = lastMinuteMs + MINUTE_MS; minute <= currentMinuteMs; minute += MINUTE_MS) {
          if (firesAt(schedule, minute)) task.pending += 1;
        }
      }
    }
    rebooted = true;
    // a clock that went back keeps the last minute until it has caught up (nothing runs twice)
    if (currentMinuteMs > lastMinuteMs) lastMinuteMs = currentMinuteMs;
  }

  function startPendingRuns(nowMs: number): void {
    for (const task of tasks.values()) {
      if (runs.size >= maxRunningJobs) return;
      if (task.pending === 0 || task.running || !task.active) continue;
      task.pending -= 1;
      task.running = true;
      task.lastStartMs = nowMs;
      const run = runJob(task.job, { databaseUrl, pool })
        .catch((error: unknown) =>
          log(`cron: job ${task.job.jobid} could not be recorded: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          task.running = false;
          runs.delete(run);
        });
      runs.add(run);
    }
  }

  async function tick(): Promise<void> {
    const nowMs = Date.now();
    if (nowMs - lastLoadMs >= pollIntervalMs) {
      lastLoadMs = nowMs;
      await load();
    }
    queueDueRuns(nowMs);
    startPendingRuns(nowMs);
  }

  let ticking = tick();
  const loop = () => {
    timer = setTimeout(() => {
      ticking = tick().finally(() => {
        if (!stopped) loop();
      });
    }, tickMs);
  };
  await ticking;
  loop();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ticking;
      // runs still going after a moment are cut off with the pool, as a stopping server ends pg_cron's
      await Promise.race([Promise.allSettled([...runs]), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))]);
      await pool.end().catch(() => undefined);
    },
  };
}
