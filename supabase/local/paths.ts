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
}

/** SUPABASE_LOCAL_STATE_DIR overrides the folder (tests use it to run a second stack). */
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
  };
}
