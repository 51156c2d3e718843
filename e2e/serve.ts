// Playwright's web server for the e2e suite: starts a throwaway local Supabase stack (its own
// folder and free ports, never the developer's on 54321/54322), builds the production app against
// it (NEXT_PUBLIC_* values are inlined at build time), and serves it with `next start`. On SIGTERM
// or SIGINT (Playwright stopping the server) it stops the app and the stack and deletes the folder;
// e2e/global-teardown.ts does the same if this process is killed harder.
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../supabase/local/ports";
import { serviceUser } from "../supabase/local/run-as";
import { PROJECT_ROOT, STACK_FILE, type E2eStack } from "./stack";

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const children = new Set<ChildProcess>();
let stackEnv: NodeJS.ProcessEnv | null = null;
let stateDir: string | null = null;
let stopping = false;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
    children.add(child);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      children.delete(child);
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`));
    });
  });
}

function readEnvFile(path: string): { url: string; anonKey: string } {
  const text = readFileSync(path, "utf8");
  const url = /^NEXT_PUBLIC_SUPABASE_URL=(.+)$/m.exec(text)?.[1];
  const anonKey = /^NEXT_PUBLIC_SUPABASE_ANON_KEY=(.+)$/m.exec(text)?.[1];
  if (!url || !anonKey) throw new Error(`${path} does not name the stack's URL and anon key`);
  return { url, anonKey };
}

async function stopStack(): Promise<void> {
  if (stackEnv) {
    await run("npx", ["tsx", "supabase/local/cli.ts", "stop"], stackEnv).catch((error: unknown) => {
      console.error("[e2e] stopping the stack failed:", error);
    });
  }
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  rmSync(STACK_FILE, { force: true });
}

async function shutdown(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await stopStack();
  }
  process.exit(exitCode);
}

process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

async function main(): Promise<void> {
  const parent = join(tmpdir(), "habitats-watch-parties-e2e");
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  stateDir = mkdtempSync(join(parent, "stack-"));
  // Postgres refuses to run as root: when we are root it runs as `postgres`, who must own the folder
  const user = serviceUser();
  if (user) chownSync(stateDir, user.uid, user.gid);
  const [dbPort, apiPort] = [await freePort(), await freePort()];
  stackEnv = {
    ...process.env,
    SUPABASE_LOCAL_STATE_DIR: stateDir,
    SUPABASE_LOCAL_ENV_FILE: join(stateDir, "app.env"),
    SUPABASE_DB_PORT: String(dbPort),
    SUPABASE_API_PORT: String(apiPort),
  };
  console.log(`[e2e] starting a local Supabase stack in ${stateDir}`);
  await run("npx", ["tsx", "supabase/local/cli.ts", "start"], stackEnv);
  const { url, anonKey } = readEnvFile(join(stateDir, "app.env"));
  const stack: E2eStack = { apiUrl: url, anonKey, stateDir, dbPort, apiPort };
  writeFileSync(STACK_FILE, JSON.stringify(stack, null, 2));

  // process.env wins over .env.local, so the build talks to this stack whatever the developer has
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_PUBLIC_SUPABASE_URL: url,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  console.log("[e2e] building the app (next build)");
  await run("npx", ["next", "build"], appEnv);
  console.log(`[e2e] serving the app on http://127.0.0.1:${APP_PORT}`);
  await run("npx", ["next", "start", "--hostname", "127.0.0.1", "--port", String(APP_PORT)], appEnv);
}

main().then(
  () => shutdown(0),
  (error: unknown) => {
    if (stopping) return;
    console.error("[e2e] the web server failed:", error);
    void shutdown(1);
  },
);
