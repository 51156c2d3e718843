import { rmSync } from "node:fs";
import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./ports";
import { startDatabase } from "./database";
import { stackPaths, type StackPaths } from "./paths";
import { isAlive, runningPid, stopPostgres } from "./postgres";
import { tempStateDir } from "./testing/cluster";
import { waitFor } from "./testing/wait";

// A second local database in a temporary folder on a free port.
let stateDir: string;
let paths: StackPaths;
let port: number;

beforeAll(async () => {
  stateDir = tempStateDir("db");
  process.env.SUPABASE_LOCAL_STATE_DIR = stateDir;
  paths = stackPaths();
  port = await freePort();
});

afterAll(async () => {
  await stopPostgres(paths.dataDir);
  delete process.env.SUPABASE_LOCAL_STATE_DIR;
  rmSync(stateDir, { recursive: true, force: true });
});

async function exec(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function scalar<T>(sql: string): Promise<T> {
  return Object.values((await exec(sql)).rows[0] as Record<string, T>)[0]!;
}

describe("local database", () => {
  it("first start creates the cluster, applies the bootstrap and every migration, and seeds demo data", async () => {
    const db = await startDatabase(paths, port);
    expect(db.created).toBe(true);
    expect(db.seeded).toBe(true);
    expect(db.migrationsApplied.length).toBeGreaterThanOrEqual(4);
    expect(await scalar<string>("select string_agg(email, ',' order by email) from auth.users")).toBe(
      "alice@example.com,bob@example.com,carol@example.com",
    );
    expect(await scalar<string>("select current_setting('wal_level')")).toBe("logical");
  });

  it("a second start is a no-op on the running cluster", async () => {
    const db = await startDatabase(paths, port);
    expect(db).toMatchObject({ created: false, alreadyRunning: true, seeded: false, migrationsApplied: [] });
  });

  it("stop and start keep the data, and do not seed again", async () => {
    await exec("insert into public.habitats (name) values ('Survives restarts')");
    expect(await stopPostgres(paths.dataDir)).toBe(true);
    expect(runningPid(paths.dataDir)).toBeUndefined();
    const db = await startDatabase(paths, port);
    expect(db).toMatchObject({ created: false, alreadyRunning: false, seeded: false });
    expect(await scalar<string>("select count(*)::int from public.habitats where name = 'Survives restarts'")).toBe(1);
    expect(await scalar<string>("select count(*)::int from auth.users")).toBe(3);
  });

  it("a crashed previous run (kill -9) does not stop the next start, and committed data survives", async () => {
    await exec("insert into public.habitats (name) values ('Survives a crash')");
    const pid = runningPid(paths.dataDir)!;
    process.kill(pid, "SIGKILL");
    await waitFor("the postmaster is gone", () => !isAlive(pid));
    expect(runningPid(paths.dataDir)).toBeUndefined();
    const db = await startDatabase(paths, port);
    expect(db.alreadyRunning).toBe(false);
    expect(await scalar<string>("select count(*)::int from public.habitats where name = 'Survives a crash'")).toBe(1);
  });

  it("a port taken by another process gives a clear message", async () => {
    await stopPostgres(paths.dataDir);
    const blocker = createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      await expect(startDatabase(paths, port)).rejects.toThrow(`port ${port} on 127.0.0.1 is already taken`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
