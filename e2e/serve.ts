// Playwright's web server for the e2e suite: starts a throwaway local Supabase stack (its own
// folder and free ports, never the developer's on 54321/54322), builds the production app against
// it (NEXT_PUBLIC_* values are inlined at build time), and serves it with `next start`. On SIGTERM
// or SIGINT (Playwright stopping the server) it stops the app and the stack and deletes the folder;
// e2e/global-teardown.ts does the same if this process is killed harder.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { startScratchStack, type ScratchStack } from "@habitats/supabase-local/scratch-stack";
import { PROJECT_ROOT, STACK_FILE, type E2eStack } from "./stack";

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);

/**
 * Auth's rate limits as the suite needs them (GoTrue's variables): the app forwards each browser's
 * address and auth reads it (X-Forwarded-For, as behind a proxy the project trusts); sign-ins and
 * refreshes practically unlimited (the suite signs in hundreds of times from one address);
 * sign-ups and verifications 30 at once per address, as everywhere, but only one more per 5
 * minutes, so that security.spec.ts runs into the limit from an address of its own however slow
 * the machine (the suite's other sign-ups are a handful).
 */
const E2E_AUTH_SETTINGS = {
  GOTRUE_RATE_LIMIT_HEADER: "X-Forwarded-For",
  GOTRUE_RATE_LIMIT_TOKEN_REFRESH: "1000000",
  GOTRUE_RATE_LIMIT_OTP: "1",
  GOTRUE_RATE_LIMIT_VERIFY: "1",
};
const children = new Set<ChildProcess>();
let stack: ScratchStack | null = null;
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

async function shutdown(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await stack?.stop();
    rmSync(STACK_FILE, { force: true });
  }
  process.exit(exitCode);
}

process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

async function main(): Promise<void> {
  console.log("[e2e] starting a local Supabase stack");
  stack = await startScratchStack({ label: "e2e", env: E2E_AUTH_SETTINGS });
  const described: E2eStack = {
    apiUrl: stack.apiUrl,
    anonKey: stack.keys.anonKey,
    stateDir: stack.stateDir,
    dbPort: stack.dbPort,
    apiPort: stack.apiPort,
  };
  writeFileSync(STACK_FILE, JSON.stringify(described, null, 2));

  // process.env wins over .env.local, so the build talks to this stack whatever the developer has
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_PUBLIC_SUPABASE_URL: stack.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: stack.keys.anonKey,
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
