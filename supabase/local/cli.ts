// npm run db:start | db:stop | db:status | db:reset — the local database of the stack.
import { rmSync } from "node:fs";
import { DB_PASSWORD, DB_PORT, startDatabase } from "./database";
import { stackPaths } from "./paths";
import { runningPid, stopPostgres } from "./postgres";

const paths = stackPaths();
const dbUrl = `postgresql://postgres:${DB_PASSWORD}@127.0.0.1:${DB_PORT}/postgres`;

async function start(): Promise<void> {
  const t0 = performance.now();
  const db = await startDatabase(paths);
  const ms = Math.round(performance.now() - t0);
  const state = db.alreadyRunning ? "already running" : db.created ? "created and started" : "started";
  console.log(`Postgres ${state} in ${ms} ms`);
  if (db.migrationsApplied.length > 0) console.log(`Applied migrations: ${db.migrationsApplied.join(", ")}`);
  if (db.seeded) console.log("Seeded demo data (alice/bob/carol@example.com, password123)");
  console.log(`\n  DB URL: ${dbUrl}\n  Data:   ${paths.dataDir}\n  Log:    ${paths.postgresLog}\n`);
}

async function stop(): Promise<void> {
  console.log((await stopPostgres(paths.dataDir)) ? "Postgres stopped" : "Postgres was not running");
}

function status(): void {
  const pid = runningPid(paths.dataDir);
  console.log(pid === undefined ? "Postgres: stopped" : `Postgres: running (pid ${pid}) at ${dbUrl}`);
  console.log(`Data: ${paths.dataDir}\nLog:  ${paths.postgresLog}`);
  process.exitCode = pid === undefined ? 1 : 0;
}

async function reset(): Promise<void> {
  await stopPostgres(paths.dataDir);
  rmSync(paths.dataDir, { recursive: true, force: true });
  console.log("Local database removed; starting a fresh one");
  await start();
}

const commands: Record<string, () => void | Promise<void>> = { start, stop, status, reset };
const name = process.argv[2] ?? "";
const command = commands[name];
if (!command) {
  console.error(`usage: tsx supabase/local/cli.ts <${Object.keys(commands).join("|")}>`);
  process.exit(2);
}
try {
  await command();
} catch (error) {
  console.error(`db ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
