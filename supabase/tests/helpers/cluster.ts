// A throwaway Postgres cluster for a test run: a fresh data directory on a free port, not durable
// (no fsync), stopped at the end. Clusters left behind by a killed run are stopped on the next.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, stopPostgres, type PostgresHandle } from "../../local/postgres";
import { serviceUser } from "../../local/run-as";

const ROOT = join(tmpdir(), "habitats-watch-parties-tests");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

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
  for (const name of readdirSync(ROOT)) {
    const dir = join(ROOT, name);
    if (ownerAlive(dir)) continue;
    await stopPostgres(join(dir, "db")).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
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
