// Where the local stack keeps its state: supabase/.local/ in the project, or (when Postgres runs
// as another OS user that cannot reach the project, e.g. a checkout under /root) a per-project
// folder under /var/tmp that survives restarts.
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { canTraverse, serviceUser } from "./run-as";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export interface StackPaths {
  /** Folder holding the cluster, logs and the binary cache. */
  stateDir: string;
  dataDir: string;
  logDir: string;
  postgresLog: string;
  cacheDir: string;
  /** The API process (gateway, auth, PostgREST supervisor): its pid file and log. */
  stackPidFile: string;
  stackLog: string;
  /** Where the app reads the URL and anon key (Next.js loads it in dev and build). */
  envFile: string;
}

/**
 * SUPABASE_LOCAL_STATE_DIR and SUPABASE_LOCAL_ENV_FILE override the folder and the app's env file
 * (tests use them to run a second stack).
 */
export function stackPaths(projectRoot = PROJECT_ROOT): StackPaths {
  const inProject = join(projectRoot, "supabase", ".local");
  const user = serviceUser();
  const stateDir = process.env.SUPABASE_LOCAL_STATE_DIR
    ? resolve(process.env.SUPABASE_LOCAL_STATE_DIR)
    : !user || canTraverse(inProject, user)
      ? inProject
      : join("/var/tmp", "habitats-watch-parties", createHash("sha256").update(projectRoot).digest("hex").slice(0, 12));
  return {
    stateDir,
    dataDir: join(stateDir, "db"),
    logDir: join(stateDir, "logs"),
    postgresLog: join(stateDir, "logs", "postgres.log"),
    cacheDir: join(stateDir, "cache"),
    stackPidFile: join(stateDir, "stack.pid"),
    stackLog: join(stateDir, "logs", "stack.log"),
    envFile: process.env.SUPABASE_LOCAL_ENV_FILE ?? join(projectRoot, ".env.local"),
  };
}
