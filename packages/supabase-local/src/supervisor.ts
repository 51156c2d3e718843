// A supervised child process of the API process: launched, awaited until ready, relaunched with
// backoff when it dies unexpectedly, its pid kept in a file so that a child left behind by a
// killed parent is stopped by the next start. PostgREST and the realtime service run this way.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isAlive } from "./postgres";

export interface Launch {
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** an IPC channel to the child (it can report readiness, and notices when its parent dies) */
  ipc?: boolean;
}

export interface SupervisedOptions {
  /** for the log lines, e.g. "PostgREST" */
  name: string;
  /** What to run; called before every launch (a relaunch may pick another port). */
  launch(attempt: number): Launch | Promise<Launch>;
  /** Resolves when a launched child serves; rejects (or the child exits) when it will not. */
  ready(child: ChildProcess): Promise<void>;
  /** The child's stdout and stderr, and the supervisor's notes, are appended here. */
  logFile: string;
  pidFile: string;
}

export interface SupervisedHandle {
  /** the running child (the latest launch) */
  current(): ChildProcess;
  stop(): Promise<void>;
}

const BACKOFF_MS = [100, 200, 400, 800, 1600, 2000];
/** a child that served this long before dying is relaunched without delay growth */
const HEALTHY_MS = 10_000;

/** Stops a child left running by a previous run that died (its pid file survived it). */
export function stopStaleProcess(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) process.kill(pid, "SIGKILL");
  rmSync(pidFile, { force: true });
}

/** The pid in `pidFile` when that process runs. */
export function livePid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}

export async function startSupervised(options: SupervisedOptions): Promise<SupervisedHandle> {
  stopStaleProcess(options.pidFile);
  const log = createWriteStream(options.logFile, { flags: "a" });
  const note = (message: string) => log.write(`${new Date().toISOString()} [supervisor] ${message}\n`);
  let stopping = false;
  let failures = 0;

  const spawnChild = async (attempt: number): Promise<ChildProcess> => {
    const { file, args, env, ipc } = await options.launch(attempt);
    const child = spawn(file, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe", ...(ipc ? (["ipc"] as const) : [])] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.on("error", (error) => note(`${options.name} could not be started: ${error.message}`));
    if (child.pid) writeFileSync(options.pidFile, String(child.pid));
    return child;
  };

  /** Waits for readiness; the child is killed when it does not become ready. */
  const awaitReady = async (child: ChildProcess): Promise<void> => {
    const died = exited(child).then(() => {
      throw new Error(`${options.name} exited with ${child.exitCode ?? child.signalCode} while starting`);
    });
    try {
      await Promise.race([options.ready(child), died]);
    } catch (error) {
      child.kill("SIGKILL");
      await exited(child);
      throw error;
    } finally {
      died.catch(() => undefined);
    }
  };

  let child = await spawnChild(0);
  try {
    await awaitReady(child);
  } catch (error) {
    rmSync(options.pidFile, { force: true });
    log.end();
    throw error;
  }

  // supervised: a crash (or kill -9) brings the child back, with a growing delay while it keeps dying
  const watch = (proc: ChildProcess) => {
    const startedAt = Date.now();
    proc.once("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > HEALTHY_MS) failures = 0;
      const delay = BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]!;
      note(`${options.name} exited (code ${code}, signal ${signal}); restarting in ${delay} ms`);
      setTimeout(() => void relaunch(), delay);
    });
  };
  const relaunch = async (): Promise<void> => {
    if (stopping) return;
    let next: ChildProcess;
    try {
      next = await spawnChild(failures);
    } catch (error) {
      note(`${options.name} could not be launched: ${error instanceof Error ? error.message : String(error)}`);
      setTimeout(() => void relaunch(), BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]);
      return;
    }
    try {
      child = next;
      watch(next);
      await awaitReady(next);
      if (stopping) return;
      note(`${options.name} is back (pid ${next.pid})`);
    } catch (error) {
      // the exit handler of `next` schedules the next attempt
      note(`${options.name} did not come back: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  watch(child);

  return {
    current: () => child,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        const done = exited(child);
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await done;
        clearTimeout(timer);
      }
      rmSync(options.pidFile, { force: true });
      await new Promise<void>((r) => log.end(() => r()));
    },
  };
}
