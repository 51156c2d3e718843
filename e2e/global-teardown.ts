// Stops the e2e stack even when e2e/serve.ts could not (killed before its own cleanup ran).
import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { scratchStackEnv } from "@habitats/supabase-local/scratch-stack";
import { PROJECT_ROOT, STACK_FILE, readStack } from "./stack";

const run = promisify(execFile);

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STACK_FILE)) return;
  const stack = readStack();
  await run("npx", ["supabase-local", "stop"], {
    cwd: PROJECT_ROOT,
    env: scratchStackEnv(stack),
  }).catch((error: unknown) => console.error("[e2e] stopping the stack failed:", error));
  rmSync(stack.stateDir, { recursive: true, force: true });
  rmSync(STACK_FILE, { force: true });
}
