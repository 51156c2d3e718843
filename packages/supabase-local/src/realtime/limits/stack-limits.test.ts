// The stack starts its realtime (a child process, behind the gateway) with the limits `supabase
// start` gives its local tenant, and with higher ones when its environment sets realtime's
// variables. The REST broadcast's rate headers (RealtimeWeb.Plugs.RateLimiter) show the events limit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, type StackKeys } from "../../keys";
import { freePort } from "../../ports";
import { startStack } from "../../stack";
import { freshDatabase, type TestDatabase } from "../../testing/database";

let db: TestDatabase;
let keys: StackKeys;

beforeAll(async () => {
  db = await freshDatabase();
  keys = await generateKeys();
});
afterAll(async () => db?.close());

/** Starts the stack with `env` set (as `TENANT_MAX_…=… npm run db:start` would), and reads the events limit it answers with. */
async function eventsLimit(env: Record<string, string>): Promise<string | null> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const runDir = mkdtempSync(join(tmpdir(), "hwp-stack-limits-"));
  try {
    const url = new URL(db.url);
    const stack = await startStack({
      database: { port: Number(url.port), name: url.pathname.slice(1), password: "postgres" },
      apiPort: await freePort(),
      keys,
      runDir,
    });
    try {
      const response = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
        method: "POST",
        headers: { apikey: keys.anonKey, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ topic: "limits", event: "e", payload: {} }] }),
      });
      expect(response.status).toBe(202);
      return response.headers.get("x-rate-limit");
    } finally {
      await stack.stop();
    }
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(runDir, { recursive: true, force: true });
  }
}

describe("the stack's realtime limits", () => {
  it("are the local tenant's by default (100 events/s), and the environment raises them", async () => {
    expect(await eventsLimit({ TENANT_MAX_EVENTS_PER_SECOND: "" })).toBe("100");
    expect(await eventsLimit({ TENANT_MAX_EVENTS_PER_SECOND: "2500" })).toBe("2500");
  });
});
