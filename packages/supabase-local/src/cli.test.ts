import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./ports";
import { isAlive } from "./postgres";
import { tempStateDir } from "./testing/cluster";
import { waitFor } from "./testing/wait";

const run = promisify(execFile);

// The whole local stack in a temporary folder on free ports, driven through its CLI as a user
// drives it, and used through the unmodified supabase-js.
let stateDir: string;
let env: NodeJS.ProcessEnv;
let apiUrl: string;

beforeAll(async () => {
  stateDir = tempStateDir("cli");
  const [dbPort, apiPort] = [await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  env = {
    ...process.env,
    SUPABASE_LOCAL_STATE_DIR: stateDir,
    SUPABASE_LOCAL_ENV_FILE: join(stateDir, "app.env"),
    SUPABASE_DB_PORT: String(dbPort),
    SUPABASE_API_PORT: String(apiPort),
  };
});

afterAll(async () => {
  await cli("stop").catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
});

function cli(command: string): Promise<{ stdout: string; stderr: string }> {
  return run("npx", ["supabase-local", command], { env });
}

function anonKey(): string {
  return /^NEXT_PUBLIC_SUPABASE_ANON_KEY=(.+)$/m.exec(readFileSync(join(stateDir, "app.env"), "utf8"))![1]!;
}

async function signInAsAlice() {
  const supabase = createClient(apiUrl, anonKey(), {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const { error } = await supabase.auth.signInWithPassword({ email: "alice@example.com", password: "password123" });
  expect(error).toBeNull();
  return supabase;
}

const pidOf = (file: string) => Number(readFileSync(join(stateDir, file), "utf8").split("\n")[0]);

describe("the local stack CLI", () => {
  it("start brings up Postgres with demo data and the API, prints URLs and keys, and writes the app's env file", async () => {
    const { stdout } = await cli("start");
    expect(stdout).toContain(`API URL: ${apiUrl}`);
    expect(stdout).toMatch(/anon key: ey/);
    expect(stdout).toMatch(/service_role key: ey/);
    const appEnv = readFileSync(join(stateDir, "app.env"), "utf8");
    expect(appEnv).toContain(`NEXT_PUBLIC_SUPABASE_URL=${apiUrl}`);
    expect(appEnv).not.toMatch(/service_role|SERVICE_ROLE/);
    const supabase = await signInAsAlice();
    const { data } = await supabase.from("habitats").select("name");
    expect(data).toEqual([{ name: "Movie Night" }]);
  });

  it("start again is a no-op that says so", async () => {
    const { stdout } = await cli("start");
    expect(stdout).toContain("already running");
    expect((await cli("status")).stdout).toMatch(/Postgres: running[\s\S]*API: running/);
  });

  it("stop and start keep the data", async () => {
    const supabase = await signInAsAlice();
    const habitat = await supabase.from("habitats").insert({ name: "Survives restarts" }).select("id").single();
    expect(habitat.error).toBeNull();
    expect((await cli("stop")).stdout).toContain("Local Supabase stopped");
    await expect(cli("status")).rejects.toMatchObject({ stdout: expect.stringContaining("Postgres: stopped") });
    await cli("start");
    const again = await signInAsAlice();
    const { data } = await again.from("habitats").select("name").order("name");
    expect(data).toEqual([{ name: "Movie Night" }, { name: "Survives restarts" }]);
  });

  it("a crashed previous run (kill -9 of the API process and of Postgres) does not stop the next start, and leaves no child behind", async () => {
    const children = [pidOf("logs/postgrest.pid"), pidOf("logs/realtime.pid")];
    const killed = [pidOf("stack.pid"), pidOf("db/postmaster.pid")];
    for (const pid of killed) process.kill(pid, "SIGKILL");
    await waitFor("the API process and the postmaster are gone", () => killed.every((pid) => !isAlive(pid)));
    await cli("start");
    for (const pid of children) expect(isAlive(pid)).toBe(false);
    const supabase = await signInAsAlice();
    expect((await supabase.from("habitats").select("name")).data).toHaveLength(2);
  });

  it("status lists every process with its pid", async () => {
    const { stdout } = await cli("status");
    expect(stdout).toContain(`Postgres: running (pid ${pidOf("db/postmaster.pid")})`);
    expect(stdout).toContain(`API: running (pid ${pidOf("stack.pid")})`);
    expect(stdout).toContain(`PostgREST: running (pid ${pidOf("logs/postgrest.pid")})`);
    expect(stdout).toContain(`realtime: running (pid ${pidOf("logs/realtime.pid")})`);
  });

  it("reset returns to fresh demo data, with new keys", async () => {
    const before = anonKey();
    const { stdout } = await cli("reset");
    expect(stdout).toContain("Seeded demo data");
    expect(anonKey()).not.toBe(before);
    const supabase = await signInAsAlice();
    expect((await supabase.from("habitats").select("name")).data).toEqual([{ name: "Movie Night" }]);
  });

  it("stop leaves nothing running", async () => {
    const pids = ["stack.pid", "logs/postgrest.pid", "logs/realtime.pid", "db/postmaster.pid"].map(pidOf);
    await cli("stop");
    expect(existsSync(join(stateDir, "stack.pid"))).toBe(false);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await expect(fetch(apiUrl)).rejects.toThrow();
  });
});
