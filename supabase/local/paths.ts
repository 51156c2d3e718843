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

export function stackPaths(projectRoot = PROJECT_ROOT): StackPaths {
  const inProject = join(projectRoot, "supabase", ".local");
  const user = serviceUser();
  const stateDir =
    !user || canTraverse(inProject, user)
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
