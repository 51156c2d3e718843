// One run of a job, as pg_cron runs it with cron.use_background_workers off: a connection of its
// own to the job's database as the job's user (application_name pg_cron), the command sent as one
// simple query (several statements run in one implicit transaction), and the outcome recorded in
// cron.job_run_details: starting → running (job_pid, start_time) → succeeded or failed
// (return_message, end_time). What pg_cron writes as return_message: the last result's command
// tag ("DELETE 3"), "N row(s)" for a result with rows, libpq's text of the error.
import pg from "pg";

export interface Job {
  jobid: string;
  command: string;
  database: string;
  username: string;
}

export interface RunOptions {
  /** the stack's superuser connection: jobs of other users run under SET SESSION AUTHORIZATION */
  databaseUrl: string;
  /** where cron.job_run_details is written */
  pool: pg.Pool;
}

type Outcome = { status: "succeeded" | "failed"; message: string };

const COUNTED_TAGS = new Set(["UPDATE", "DELETE", "MERGE", "SELECT", "MOVE", "FETCH", "COPY"]);

/** What libpq's PQcmdStatus, or pg_cron's "N rows", says of a result. */
export function commandStatus(result: Pick<pg.QueryResult, "command" | "rowCount" | "oid" | "fields">): string {
  const rows = result.rowCount ?? 0;
  if (result.fields.length > 0 || !result.command) return `${rows} ${rows === 1 ? "row" : "rows"}`;
  if (result.command === "INSERT") return `INSERT ${result.oid ?? 0} ${rows}`;
  return COUNTED_TAGS.has(result.command) ? `${result.command} ${rows}` : result.command;
}

/** libpq's PQresultErrorMessage at its default verbosity: severity, message, detail, hint, context. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { severity?: string; detail?: string; hint?: string; where?: string };
  if (!fields.severity) return error.message;
  let text = `${fields.severity}:  ${error.message}\n`;
  if (fields.detail) text += `DETAIL:  ${fields.detail}\n`;
  if (fields.hint) text += `HINT:  ${fields.hint}\n`;
  if (fields.where) text += `CONTEXT:  ${fields.where}\n`;
  return text;
}

function databaseUrlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function execute(job: Job, options: RunOptions, runId: string, startedAt: Date): Promise<Outcome> {
  const client = new pg.Client({ connectionString: databaseUrlFor(options.databaseUrl, job.database), application_name: "pg_cron" });
  client.on("error", () => undefined); // a dropped connection fails the query below instead
  try {
    await client.connect();
    if (job.username !== client.user) await client.query(`set session authorization ${client.escapeIdentifier(job.username)}`);
    const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    await options.pool.query("update cron.job_run_details set job_pid = $2, status = 'running', start_time = $3 where runid = $1", [
      runId,
      pid,
      startedAt,
    ]);
    const results: pg.QueryResult | pg.QueryResult[] = await client.query(job.command);
    const last = Array.isArray(results) ? results.at(-1) : results;
    return { status: "succeeded", message: last ? commandStatus(last) : "0 rows" };
  } catch (error) {
    return { status: "failed", message: errorText(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `job` once and records it: a failing command is recorded as failed; only a database that cannot record the run throws. */
export async function runJob(job: Job, options: RunOptions): Promise<void> {
  const startedAt = new Date();
  const { rows } = await options.pool.query<{ runid: string }>(
    "insert into cron.job_run_details (jobid, database, username, command, status) values ($1, $2, $3, $4, 'starting') returning runid",
    [job.jobid, job.database, job.username, job.command],
  );
  const runId = rows[0]!.runid;
  const outcome = await execute(job, options, runId, startedAt);
  await options.pool.query(
    "update cron.job_run_details set status = $2, return_message = $3, start_time = coalesce(start_time, $4), end_time = $5 where runid = $1",
    [runId, outcome.status, outcome.message, startedAt, new Date()],
  );
}
