// How the server checks a session (lib/auth.ts), with the server client the app makes
// (@supabase/ssr, session in cookies) against a real local stack: the token alone (getClaims, the
// signature checked with the project's JWKS, no request to /auth/v1/user) keeps a cookie copied
// before "Sign out" working until it expires; "auth-server" (getUser) asks auth, which refuses it.
import { createServerClient } from "@supabase/ssr";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import type { Database } from "@/lib/database.types";
import { startScratchStack, type ScratchStack } from "@habitats/supabase-local/scratch-stack";

// lib/auth.ts is marked server-only (a build-time guard that throws outside React's server build)
vi.mock("server-only", () => ({}));
const { getSignedInUser } = await import("@/lib/auth");

const ALICE = { email: "alice@example.com", password: "password123" };

let stack: ScratchStack;
/** requests to auth's /user endpoint, by every client below */
let userRequests = 0;

type CookieJar = Map<string, string>;

/** The app's server client (lib/supabase/server.ts) over a cookie jar instead of Next's cookies(). */
function serverClient(jar: CookieJar) {
  return createServerClient<Database>(stack.apiUrl, stack.keys.anonKey, {
    global: {
      fetch: (input, init) => {
        if (new URL(input instanceof Request ? input.url : input).pathname === "/auth/v1/user") userRequests++;
        return fetch(input, init);
      },
    },
    // Node 20 has no WebSocket of its own (the client makes its realtime client even when unused)
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value) jar.set(name, value);
          else jar.delete(name);
        }
      },
    },
  });
}

beforeAll(async () => {
  stack = await startScratchStack({ label: "session-check", quiet: true });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe("checking the session on the server", () => {
  it("a cookie copied before sign-out: the token alone still passes until it expires; auth refuses it", async () => {
    const browser: CookieJar = new Map();
    const { data, error } = await serverClient(browser).auth.signInWithPassword(ALICE);
    expect(error).toBeNull();
    const alice = { id: data.user!.id, email: ALICE.email };
    expect(browser.size).toBeGreaterThan(0);
    const copied: CookieJar = new Map(browser);

    // signed in: both checks know Alice; the token check asks auth nothing
    userRequests = 0;
    expect(await getSignedInUser(serverClient(copied))).toEqual(alice);
    expect(userRequests).toBe(0);
    expect(await getSignedInUser(serverClient(copied), "auth-server")).toEqual(alice);
    expect(userRequests).toBe(1);

    expect((await serverClient(browser).auth.signOut()).error).toBeNull();

    // the trade-off README's security section states: the signature is still good
    expect(await getSignedInUser(serverClient(copied))).toEqual(alice);
    // what the actions that change other people's state use
    expect(await getSignedInUser(serverClient(copied), "auth-server")).toBeNull();
  });

  it("no session at all is nobody, either way", async () => {
    expect(await getSignedInUser(serverClient(new Map()))).toBeNull();
    expect(await getSignedInUser(serverClient(new Map()), "auth-server")).toBeNull();
  });
});
