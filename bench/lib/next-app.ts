// The app as users get it, for the benchmarks: `next build` into its own folder, then `next start`
// on a free port against a scratch stack. `stop()` ends the server and deletes the build.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../e2e/stack";
import { freePort } from "@habitats/supabase-local/ports";
import type { ScratchStack } from "@habitats/supabase-local/scratch-stack";

export const BENCH_DIST_DIR = ".next-bench";

export interface NextApp {
  baseURL: string;
  /** where the build is (for the server actions' manifest) */
  distDir: string;
  buildSeconds: number;
  stop(): Promise<void>;
}

function next(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function finished(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`next exited with ${code ?? signal}`))));
  });
}

async function waitForApp(baseURL: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseURL}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("next start did not answer within 60 s");
}

export async function startNextApp(stack: ScratchStack): Promise<NextApp> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_PUBLIC_SUPABASE_URL: stack.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: stack.keys.anonKey,
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const builtAt = performance.now();
  await finished(next(["build"], env));
  const buildSeconds = (performance.now() - builtAt) / 1000;
  const server = next(["start", "--hostname", "127.0.0.1", "--port", String(port)], env);
  const stop = async () => {
    server.kill("SIGTERM");
    await finished(server).catch(() => undefined);
    rmSync(join(PROJECT_ROOT, BENCH_DIST_DIR), { recursive: true, force: true });
  };
  try {
    await waitForApp(baseURL, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, distDir: join(PROJECT_ROOT, BENCH_DIST_DIR), buildSeconds, stop };
}
