// Where the project is and where the local stack keeps its state: `.local-stack/` in the project,
// or (when Postgres runs as another OS user that cannot reach the project, e.g. a checkout under
// /root) a per-project folder under /var/tmp that survives restarts.
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { canTraverse, serviceUser } from "./run-as";

/**
 * The project the stack serves: the folder holding `supabase/` (config.toml, migrations, seed.sql),
 * as the Supabase CLI's `--workdir`; SUPABASE_WORKDIR, else the current directory.
 */
export function projectRoot(): string {
  return resolve(process.env.SUPABASE_WORKDIR ?? process.cwd());
}

/** The project's `supabase/` folder. */
export function supabaseDir(root = projectRoot()): string {
  return join(root, "supabase");
}

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
export function stackPaths(root = projectRoot()): StackPaths {
  const inProject = join(root, ".local-stack");
  const user = serviceUser();
  const stateDir = process.env.SUPABASE_LOCAL_STATE_DIR
    ? resolve(process.env.SUPABASE_LOCAL_STATE_DIR)
    : !user || canTraverse(inProject, user)
      ? inProject
      : join("/var/tmp", "habitats-watch-parties", createHash("sha256").update(root).digest("hex").slice(0, 12));
  return {
    stateDir,
    dataDir: join(stateDir, "db"),
    logDir: join(stateDir, "logs"),
    postgresLog: join(stateDir, "logs", "postgres.log"),
    cacheDir: join(stateDir, "cache"),
    stackPidFile: join(stateDir, "stack.pid"),
    stackLog: join(stateDir, "logs", "stack.log"),
    envFile: process.env.SUPABASE_LOCAL_ENV_FILE ?? join(root, ".env.local"),
  };
}
