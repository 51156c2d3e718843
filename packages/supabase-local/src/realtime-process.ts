// The realtime service in a child process of the API process, supervised like PostgREST: relaunched
// with backoff when it dies (on the same port while that is free), its pid in a file for the next
// start to clean up after a killed parent. `url` always names the running child.
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, portInUse } from "./ports";
import type { RealtimeOptions } from "./realtime/index";
import { startSupervised } from "./supervisor";

export interface RealtimeProcessOptions extends Omit<RealtimeOptions, "log" | "host"> {
  logFile: string;
  pidFile: string;
}

export interface RealtimeProcessHandle {
  /** where the current child listens (it may move to another port after a crash) */
  readonly url: string;
  pid(): number | undefined;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL("./realtime/server-process.ts", import.meta.url));

/** Resolves on the child's "ready" message. */
function readyMessage(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`realtime was not ready within ${timeoutMs} ms`)), timeoutMs);
    child.on("message", (message: unknown) => {
      if (typeof message === "object" && message !== null && "ready" in message) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", () => clearTimeout(timer));
  });
}

export async function startRealtimeProcess(options: RealtimeProcessOptions): Promise<RealtimeProcessHandle> {
  const { logFile, pidFile, ...realtime } = options;
  let port = options.port;
  const supervised = await startSupervised({
    name: "realtime",
    launch: async (attempt) => {
      // a crashed child's port is normally free again at once; if someone took it, move
      if (attempt > 0 && (await portInUse(port))) port = await freePort();
      return {
        file: process.execPath,
        args: ["--import", import.meta.resolve("tsx"), ENTRY],
        // the options hold the JWT keys: the environment, not the command line that `ps` shows everyone
        env: { ...process.env, REALTIME_OPTIONS: JSON.stringify({ ...realtime, port }) },
        ipc: true,
      };
    },
    ready: (child) => readyMessage(child),
    logFile,
    pidFile,
  });
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    pid: () => supervised.current().pid,
    stop: supervised.stop,
  };
}
