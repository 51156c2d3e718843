// Where the e2e suite's own local Supabase stack is described while it runs: e2e/serve.ts writes
// this file after starting the stack, the tests and the global teardown read it.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface E2eStack {
  apiUrl: string;
  anonKey: string;
  stateDir: string;
  dbPort: number;
  apiPort: number;
}

const PROJECT_ROOT = resolve(import.meta.dirname, "..");

/** One file per checkout, so two projects on one machine never read each other's stack. */
export const STACK_FILE = join(
  tmpdir(),
  `habitats-watch-parties-e2e-${createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 12)}.json`,
);

export function readStack(): E2eStack {
  if (!existsSync(STACK_FILE)) throw new Error(`the e2e stack is not running (${STACK_FILE} is missing)`);
  return JSON.parse(readFileSync(STACK_FILE, "utf8")) as E2eStack;
}

export { PROJECT_ROOT };
