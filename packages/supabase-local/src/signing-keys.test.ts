// Asymmetric signing keys, as hosted Supabase uses them: auth signs user access tokens with ES256
// (the kid in the header) and publishes the public key at /auth/v1/.well-known/jwks.json, so the
// unmodified supabase-js verifies getClaims() locally instead of asking /auth/v1/user; the legacy
// HS256 API keys keep working. PostgREST (the real binary, given a JWKS) and realtime accept both
// kinds of token, and refuse a token signed by another EC key that claims the same kid.
import { createPrivateKey, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./testing/database";
import { generateKeys, generateSigningKey, type SigningJwk, type StackKeys } from "./keys";
import { freePort } from "./ports";
import { startStack, type StackHandle } from "./stack";

let db: TestDatabase;
let stack: StackHandle;
let keys: StackKeys;
let runDir: string;
/** every request a counted client sent, as "METHOD /path" */
const requests: string[] = [];
let alice: SupabaseClient;
let aliceToken: string;

const countingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  requests.push(`${init?.method ?? (input instanceof Request ? input.method : "GET")} ${url.pathname}`);
  return fetch(input, init);
};

const client = (key = keys.anonKey, options: { counted?: boolean } = {}): SupabaseClient =>
  createClient(stack.apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    global: options.counted ? { fetch: countingFetch } : {},
  });

const claimsOf = (token: string) => decodeJwt(token);

const privateKey = ({ kty, crv, x, y, d }: SigningJwk): KeyObject => createPrivateKey({ key: { kty, crv, x, y, d }, format: "jwk" });

/** Alice's claims signed with a fresh EC key (another project's) that names `kid`. */
async function signedByAnotherKey(kid: string): Promise<string> {
  const other = await generateSigningKey(kid);
  return new SignJWT(claimsOf(aliceToken)).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(privateKey(other));
}
const forgedWithSameKid = () => signedByAnotherKey(keys.signingKey.kid);

/** Alice's claims signed the legacy way: HS256 with the project's secret, no kid. */
const legacyHs256 = () =>
  new SignJWT(claimsOf(aliceToken)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(keys.jwtSecret));

async function rest(token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${stack.apiUrl}/rest/v1/habitats?select=name`, {
    headers: { apikey: keys.anonKey, authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

async function authUser(token: string): Promise<{ status: number; body: { code?: string; email?: string } }> {
  const res = await fetch(`${stack.apiUrl}/auth/v1/user`, { headers: { apikey: keys.anonKey, authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { code?: string; email?: string } };
}

async function broadcast(token: string): Promise<number> {
  const res = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
    method: "POST",
    headers: { apikey: keys.anonKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ topic: "signing-keys", event: "ping", payload: {} }] }),
  });
  return res.status;
}

/** The first status of a postgres_changes subscription joined with `token`. */
async function subscribeWith(token: string): Promise<string> {
  const c = client();
  await c.realtime.setAuth(token);
  const channel = c
    .channel(`signing-keys-${randomBytes(4).toString("hex")}`)
    .on("postgres_changes", { event: "*", schema: "public", table: "stream_participants" }, () => undefined);
  const status = await new Promise<string>((resolve) => channel.subscribe((s) => resolve(s)));
  await c.removeAllChannels();
  return status;
}

beforeAll(async () => {
  db = await freshDatabase();
  keys = await generateKeys();
  runDir = mkdtempSync(join(tmpdir(), "hwp-signing-keys-"));
  const name = new URL(db.url).pathname.slice(1);
  stack = await startStack({
    database: { port: Number(new URL(db.url).port), name, password: "postgres" },
    apiPort: await freePort(),
    keys,
    runDir,
  });
  alice = client();
  const { data, error } = await alice.auth.signUp({ email: "alice@example.com", password: "password123" });
  if (error || !data.session) throw error ?? new Error("no session");
  aliceToken = data.session.access_token;
  const habitat = await alice.from("habitats").insert({ name: "Movie Night" });
  if (habitat.error) throw habitat.error;
});

afterAll(async () => {
  await stack?.stop();
  await db?.close();
  rmSync(runDir, { recursive: true, force: true });
});

describe("auth publishes the public signing key and signs with it", () => {
  it("/auth/v1/.well-known/jwks.json serves the public key only (no d), cacheable as GoTrue serves it", async () => {
    const res = await fetch(`${stack.apiUrl}/auth/v1/.well-known/jwks.json`, { headers: { apikey: keys.anonKey } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=600");
    const body = (await res.json()) as { keys: Array<Record<string, unknown>> };
    const { kty, kid, alg, crv, x, y, use } = keys.signingKey;
    expect(body).toEqual({ keys: [{ kty, kid, alg, crv, x, y, use, key_ops: ["verify"], ext: true }] });
    expect(body.keys[0]).not.toHaveProperty("d");
    expect(JSON.stringify(body)).not.toContain(keys.signingKey.d);
    expect(JSON.stringify(body)).not.toContain(Buffer.from(keys.jwtSecret).toString("base64url"));
  });

  it("a signed-in user's access token is ES256 with the published kid; the API keys stay HS256", () => {
    expect(decodeProtectedHeader(aliceToken)).toEqual({ alg: "ES256", kid: keys.signingKey.kid, typ: "JWT" });
    expect(claimsOf(aliceToken)).toMatchObject({ role: "authenticated", aud: "authenticated", email: "alice@example.com" });
    expect(decodeProtectedHeader(keys.anonKey)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(decodeProtectedHeader(keys.serviceRoleKey)).toEqual({ alg: "HS256", typ: "JWT" });
  });
});

describe("supabase-js getClaims() verifies locally", () => {
  it("returns the claims without calling /auth/v1/user once the JWKS is cached", async () => {
    const first = client(keys.anonKey, { counted: true });
    requests.length = 0;
    const warm = await first.auth.getClaims(aliceToken);
    expect(warm.error).toBeNull();
    expect(requests).toEqual(["GET /auth/v1/.well-known/jwks.json"]);

    // auth-js caches the key set for every client of the project: a new client (a new request in
    // the app) sends nothing at all
    requests.length = 0;
    const signedIn = client(keys.anonKey, { counted: true });
    const session = await signedIn.auth.signInWithPassword({ email: "alice@example.com", password: "password123" });
    expect(session.error).toBeNull();
    requests.length = 0;
    const { data, error } = await signedIn.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.header).toMatchObject({ alg: "ES256", kid: keys.signingKey.kid });
    expect(data?.claims).toEqual(claimsOf(session.data.session!.access_token));
    expect(requests).toEqual([]);
  });

  it("rejects a tampered token (and one signed by another key with the same kid) without asking /user", async () => {
    const [header, , signature] = aliceToken.split(".") as [string, string, string];
    const changed = Buffer.from(JSON.stringify({ ...claimsOf(aliceToken), role: "service_role" })).toString("base64url");
    const counted = client(keys.anonKey, { counted: true });
    await counted.auth.getClaims(aliceToken); // the JWKS is cached from here on
    requests.length = 0;
    for (const token of [`${header}.${changed}.${signature}`, await forgedWithSameKid()]) {
      const { data, error } = await counted.auth.getClaims(token);
      expect(data).toBeNull();
      expect(error?.message).toBe("Invalid JWT signature");
    }
    expect(requests).toEqual([]);
  });
});

describe("every service accepts both kinds of token", () => {
  it("PostgREST answers the ES256 user token, a legacy HS256 user token, and the HS256 anon and service-role keys", async () => {
    expect(await rest(aliceToken)).toEqual({ status: 200, body: [{ name: "Movie Night" }] });
    expect(await rest(await legacyHs256())).toEqual({ status: 200, body: [{ name: "Movie Night" }] });
    // the anon key reaches the database as anon, who has no grant on habitats: Postgres' 42501, not a JWT error
    expect(await rest(keys.anonKey)).toMatchObject({ status: 401, body: { code: "42501" } });
    expect(await rest(keys.serviceRoleKey)).toEqual({ status: 200, body: [{ name: "Movie Night" }] });
  });

  it("auth answers /user for the ES256 token and a legacy HS256 one, and opens the admin API to the HS256 service-role key", async () => {
    expect(await authUser(aliceToken)).toMatchObject({ status: 200, body: { email: "alice@example.com" } });
    expect(await authUser(await legacyHs256())).toMatchObject({ status: 200, body: { email: "alice@example.com" } });
    const admin = await client(keys.serviceRoleKey).auth.admin.listUsers();
    expect(admin.error).toBeNull();
  });

  it("realtime joins with the ES256 user token, a legacy HS256 one and the HS256 API keys", async () => {
    for (const token of [aliceToken, await legacyHs256(), keys.anonKey, keys.serviceRoleKey])
      expect(await subscribeWith(token)).toBe("SUBSCRIBED");
  });

  it("the realtime REST broadcast accepts the ES256 user token and the HS256 API keys", async () => {
    for (const token of [aliceToken, keys.anonKey, keys.serviceRoleKey]) expect(await broadcast(token)).toBe(202);
  });
});

describe("a token signed by another EC key with the same kid is refused", () => {
  it("by PostgREST (401), auth (403 bad_jwt) and realtime (CHANNEL_ERROR, broadcast 401)", async () => {
    const forged = await forgedWithSameKid();
    expect(decodeProtectedHeader(forged)).toEqual(decodeProtectedHeader(aliceToken));
    expect((await rest(forged)).status).toBe(401);
    expect(await authUser(forged)).toMatchObject({ status: 403, body: { code: "bad_jwt" } });
    expect(await subscribeWith(forged)).toBe("CHANNEL_ERROR");
    expect(await broadcast(forged)).toBe(401);
  });

  it("and so is an ES256 token naming an unknown kid", async () => {
    const forged = await signedByAnotherKey(randomUUID());
    expect((await rest(forged)).status).toBe(401);
    expect(await authUser(forged)).toMatchObject({ status: 403, body: { code: "bad_jwt" } });
    expect(await subscribeWith(forged)).toBe("CHANNEL_ERROR");
    expect(await broadcast(forged)).toBe(401);
  });
});
