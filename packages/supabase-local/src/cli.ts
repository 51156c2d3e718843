// npm run db:start | db:stop | db:status | db:reset — the local Supabase stack: Postgres on 54322,
// and the API (gateway on 54321 routing to PostgREST, auth and realtime) in a background process
// that supervises PostgREST, realtime and Postgres.
// `ensure` (used by `npm run dev`) starts it unless the app is configured for another Supabase.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DB_PASSWORD, DB_PORT, startDatabase } from "./database";
import { externalSupabaseUrl, writeEnvFile } from "./env-file";
import { loadOrCreateKeys, type StackKeys } from "./keys";
import { projectRoot, stackPaths } from "./paths";
import { portInUse } from "./ports";
import { isAlive, runningPid, stopPostgres } from "./postgres";
import { livePid, stopStaleProcess } from "./supervisor";

// `--workdir DIR` as the Supabase CLI has it: the folder holding `supabase/` (default: here)
const args = parseArgs(process.argv.slice(2));
if (args.workdir) process.env.SUPABASE_WORKDIR = args.workdir;

function parseArgs(argv: string[]): { command?: string; workdir?: string } {
  const at = argv.indexOf("--workdir");
  const workdir = at >= 0 ? argv[at + 1] : undefined;
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  return { command: rest[0], workdir };
}

const API_PORT = Number(process.env.SUPABASE_API_PORT ?? 54321);
const paths = stackPaths();
const apiUrl = `http://127.0.0.1:${API_PORT}`;
const dbUrl = `postgresql://postgres:${DB_PASSWORD}@127.0.0.1:${DB_PORT}/postgres`;
const postgrestPidFile = `${paths.logDir}/postgrest.pid`;
const realtimePidFile = `${paths.logDir}/realtime.pid`;

/** The API process's children, left running when it was killed with -9. */
function stopStaleChildren(): void {
  stopStaleProcess(postgrestPidFile);
  stopStaleProcess(realtimePidFile);
}

function stackPid(): number | undefined {
  if (!existsSync(paths.stackPidFile)) return undefined;
  const pid = Number(readFileSync(paths.stackPidFile, "utf8"));
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

// the API process compiles its TypeScript on first start: allow for a slow, busy machine
async function waitForApi(keys: StackKeys, child: { exitCode: number | null }, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${apiUrl}/rest/v1/`, { headers: { apikey: keys.anonKey } });
      if (res.ok && stackPid() !== undefined) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = existsSync(paths.stackLog) ? readFileSync(paths.stackLog, "utf8").trim().split("\n").slice(-8).join("\n") : "";
  throw new Error(`the API did not start (see ${paths.stackLog}):\n${log}`);
}

async function startApi(keys: StackKeys): Promise<void> {
  // a stack process killed with -9 leaves its PostgREST child running (realtime follows its parent)
  stopStaleChildren();
  if (await portInUse(API_PORT)) {
    throw new Error(
      `port ${API_PORT} on 127.0.0.1 is already taken by another process (\`supabase start\`?): stop it, or set SUPABASE_API_PORT`,
    );
  }
  mkdirSync(paths.logDir, { recursive: true });
  const log = openSync(paths.stackLog, "a");
  const config = {
    database: { port: DB_PORT, password: DB_PASSWORD },
    apiPort: API_PORT,
    keys,
    runDir: paths.logDir,
    pidFile: paths.stackPidFile,
    superviseDatabase: {
      dataDir: paths.dataDir,
      port: DB_PORT,
      password: DB_PASSWORD,
      logFile: paths.postgresLog,
      cacheDir: paths.cacheDir,
    },
  };
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), fileURLToPath(new URL("./stack-server.ts", import.meta.url))],
    // the configuration holds the keys: the environment, not the command line that `ps` shows everyone
    {
      cwd: projectRoot(),
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, STACK_SERVER_CONFIG: JSON.stringify(config) },
    },
  );
  closeSync(log);
  child.unref();
  try {
    await waitForApi(keys, child);
  } catch (error) {
    // leave no half-started API behind
    if (child.exitCode === null) child.kill("SIGKILL");
    stopStaleChildren();
    throw error;
  }
}

async function start(): Promise<void> {
  const t0 = performance.now();
  const db = await startDatabase(paths);
  const keys = await loadOrCreateKeys(paths.stateDir);
  const running = stackPid();
  if (running === undefined) await startApi(keys);
  else if (db.migrationsApplied.length > 0) process.kill(running, "SIGUSR1");
  const wroteEnv = writeEnvFile(paths.envFile, apiUrl, keys.anonKey);
  const ms = Math.round(performance.now() - t0);

  console.log(`Local Supabase ${running !== undefined && db.alreadyRunning ? "already running" : "started"} in ${ms} ms`);
  if (db.migrationsApplied.length > 0) console.log(`Applied migrations: ${db.migrationsApplied.join(", ")}`);
  if (db.seeded) console.log("Seeded demo data: alice@example.com, bob@example.com, carol@example.com (password123)");
  console.log(`
         API URL: ${apiUrl}
          DB URL: ${dbUrl}
        anon key: ${keys.anonKey}
service_role key: ${keys.serviceRoleKey}

            Logs: ${paths.logDir}
`);
  console.log(wroteEnv ? `Wrote ${paths.envFile} for the app.` : `Left your own ${paths.envFile} as it is.`);
}

async function stopApi(): Promise<boolean> {
  const pid = stackPid();
  if (pid === undefined) {
    stopStaleChildren();
    return false;
  }
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  stopStaleChildren();
  rmSync(paths.stackPidFile, { force: true });
  return true;
}

async function stop(): Promise<void> {
  const api = await stopApi();
  const db = await stopPostgres(paths.dataDir);
  console.log(api || db ? "Local Supabase stopped" : "Local Supabase was not running");
}

function status(): void {
  const db = runningPid(paths.dataDir);
  const api = stackPid();
  // the API's children: listed only while the API runs (otherwise a pid file is stale)
  const postgrest = api === undefined ? undefined : livePid(postgrestPidFile);
  const realtime = api === undefined ? undefined : livePid(realtimePidFile);
  const line = (name: string, pid: number | undefined, where = "") =>
    console.log(pid === undefined ? `${name}: stopped` : `${name}: running (pid ${pid})${where}`);
  line("Postgres", db, ` at ${dbUrl}`);
  line("API", api, ` at ${apiUrl}`);
  if (api !== undefined) {
    line("  PostgREST", postgrest, " (restarted by the API when it dies)");
    line("  realtime", realtime, " (restarted by the API when it dies)");
  }
  console.log(`Data: ${paths.dataDir}\nLogs: ${paths.logDir}`);
  process.exitCode = [db, api, postgrest, realtime].includes(undefined) ? 1 : 0;
}

async function reset(): Promise<void> {
  await stopApi();
  await stopPostgres(paths.dataDir);
  rmSync(paths.dataDir, { recursive: true, force: true });
  rmSync(`${paths.stateDir}/keys.json`, { force: true });
  console.log("Local database and keys removed; starting afresh");
  await start();
}

async function ensure(): Promise<void> {
  const external = externalSupabaseUrl(paths.envFile);
  if (external && external !== apiUrl) {
    console.log(`The app is configured for ${external}; not starting the local stack.`);
    return;
  }
  await start();
}

const commands: Record<string, () => void | Promise<void>> = { start, stop, status, reset, ensure };
const name = args.command ?? "";
const command = commands[name];
if (!command) {
  console.error(`usage: supabase-local [--workdir DIR] <${Object.keys(commands).join("|")}>`);
  process.exit(2);
}
try {
  await command();
} catch (error) {
  console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
