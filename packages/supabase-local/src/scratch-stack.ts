// A throwaway local stack started through the real CLI (`cli.ts start`), in its own folder and on
// free ports, never the developer's on 54321/54322: what the e2e suite, the benchmarks and the
// fault tests run against. The API runs in its own process, as with `npm run dev`.
import { spawn } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DB_PASSWORD } from "./database";
import type { StackKeys } from "./keys";
import { projectRoot } from "./paths";
import { freePort } from "./ports";
import { serviceUser } from "./run-as";

export interface ScratchStack {
  apiUrl: string;
  /** the `postgres` database as the superuser */
  dbUrl: string;
  keys: StackKeys;
  stateDir: string;
  dbPort: number;
  apiPort: number;
  /** wall time of the first `cli.ts start` (initdb, migrations, seed, API): a cold start */
  coldStartMs: number;
  /** the environment that points the CLI at this stack */
  env: NodeJS.ProcessEnv;
  /** runs `cli.ts <command>` against this stack; resolves with its wall time in ms */
  cli(command: "start" | "stop" | "status" | "reset"): Promise<number>;
  /** stops the stack and deletes its folder */
  stop(): Promise<void>;
}

function runCli(command: string, env: NodeJS.ProcessEnv, quiet: boolean): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), fileURLToPath(new URL("./cli.ts", import.meta.url)), command],
      {
        cwd: projectRoot(),
        env,
        stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"],
      },
    );
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`cli.ts ${command} exited with ${code ?? signal}`));
    });
  });
}

/** The environment that points the CLI at the scratch stack in `stateDir` on these ports. */
export function scratchStackEnv(stack: Pick<ScratchStack, "stateDir" | "dbPort" | "apiPort">): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SUPABASE_LOCAL_STATE_DIR: stack.stateDir,
    SUPABASE_LOCAL_ENV_FILE: join(stack.stateDir, "app.env"),
    SUPABASE_DB_PORT: String(stack.dbPort),
    SUPABASE_API_PORT: String(stack.apiPort),
  };
}

/**
 * Starts a scratch stack (migrated and seeded). `quiet` hides the CLI's output; `env` adds to the
 * CLI's environment (e.g. realtime's TENANT_MAX_* limits, raised for a benchmark).
 */
export async function startScratchStack(
  options: { label?: string; quiet?: boolean; env?: Record<string, string> } = {},
): Promise<ScratchStack> {
  const parent = join(tmpdir(), `habitats-watch-parties-${options.label ?? "scratch"}`);
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  const stateDir = mkdtempSync(join(parent, "stack-"));
  // Postgres refuses to run as root: when we are root it runs as `postgres`, who must own the folder
  const user = serviceUser();
  if (user) chownSync(stateDir, user.uid, user.gid);
  const [dbPort, apiPort] = [await freePort(), await freePort()];
  const env = { ...scratchStackEnv({ stateDir, dbPort, apiPort }), ...options.env };
  const cli = (command: "start" | "stop" | "status" | "reset") => runCli(command, env, options.quiet ?? false);
  const removeFolder = () => rmSync(stateDir, { recursive: true, force: true });
  let coldStartMs: number;
  try {
    coldStartMs = await cli("start");
  } catch (error) {
    await cli("stop").catch(() => undefined);
    removeFolder();
    throw error;
  }
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    dbUrl: `postgresql://postgres:${DB_PASSWORD}@127.0.0.1:${dbPort}/postgres`,
    keys: JSON.parse(readFileSync(join(stateDir, "keys.json"), "utf8")) as StackKeys,
    stateDir,
    dbPort,
    apiPort,
    coldStartMs,
    env,
    cli,
    async stop() {
      await cli("stop").catch((error: unknown) => console.error("stopping the scratch stack failed:", error));
      removeFolder();
    },
  };
}
