// A throwaway Postgres cluster for a test run: a fresh data directory on a free port, not durable
// (no fsync), stopped at the end. Clusters left behind by a killed run are stopped on the next.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../ports";

export { freePort };
import { startPostgres, stopPostgres, type PostgresHandle } from "../postgres";
import { serviceUser } from "../run-as";

const ROOT = join(tmpdir(), "habitats-watch-parties-tests");

function ownerAlive(dir: string): boolean {
  const file = join(dir, "owner.pid");
  if (!existsSync(file)) return false;
  try {
    process.kill(Number(readFileSync(file, "utf8")), 0);
    return true;
  } catch {
    return false;
  }
}

async function sweepAbandoned(): Promise<void> {
  if (!existsSync(ROOT)) return;
  // only this module's own clusters (run-*): other tests keep stacks and the binary cache here too
  for (const name of readdirSync(ROOT).filter((n) => n.startsWith("run-"))) {
    const dir = join(ROOT, name);
    if (ownerAlive(dir)) continue;
    await stopPostgres(join(dir, "db")).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A new folder for a test's own local stack (`SUPABASE_LOCAL_STATE_DIR`), owned by the OS user
 * Postgres runs as when we are root. The caller removes it.
 */
export function tempStateDir(prefix: string): string {
  mkdirSync(ROOT, { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(ROOT, `${prefix}-`));
  const user = serviceUser();
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

export interface TestCluster extends PostgresHandle {
  dir: string;
}

export async function startTestCluster(): Promise<TestCluster> {
  await sweepAbandoned();
  mkdirSync(ROOT, { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(ROOT, "run-"));
  const user = serviceUser();
  if (user) chownSync(dir, user.uid, user.gid);
  writeFileSync(join(dir, "owner.pid"), String(process.pid));
  const handle = await startPostgres({
    dataDir: join(dir, "db"),
    port: await freePort(),
    password: "postgres",
    logFile: join(dir, "postgres.log"),
    cacheDir: join(ROOT, "cache"),
    durable: false,
  });
  return {
    ...handle,
    dir,
    stop: async () => {
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
