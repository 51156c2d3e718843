// What every auth test file shares, so none sets the service up again: withAuthService() gives the
// file its own database, keys and auth service (as the stack runs it: role supabase_auth_admin, an
// ES256 signing key), and the helpers are the callers the tests use: the unmodified supabase-js,
// sign-up and sign-in, and raw HTTP where the clients hide the wire. Each test makes its own users.
import { randomBytes, randomUUID } from "node:crypto";
import { createClient, type Session, type SupabaseClient, type User } from "@supabase/supabase-js";
import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, expect } from "vitest";
import WebSocket from "ws";
import { generateSigningKey, type SigningJwk } from "../keys";
import { freePort } from "../testing/cluster";
import { freshDatabase, type TestDatabase } from "../testing/database";
import { startAuth, type AuthHandle, type AuthOptions } from "./index";

export const PASSWORD = "correct-horse-9";

// set by withAuthService's beforeAll; imports see them once it has run
export let db: TestDatabase;
export let secret: string;
/** the ES256 key access tokens are signed with, as a `supabase start` project configures it */
export let signingKey: SigningJwk;
export let anonKey: string;
export let serviceKey: string;
export let auth: AuthHandle;

/** Every instance startInstance started, stopped before the database is dropped. */
const started: AuthHandle[] = [];

async function apiKey(role: "anon" | "service_role"): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("supabase-demo")
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(new TextEncoder().encode(secret));
}

/** The connection string of the role the stack gives the auth service. */
export function asAuthAdmin(url: string): string {
  const u = new URL(url);
  u.username = "supabase_auth_admin";
  u.password = "postgres";
  return u.toString();
}

/**
 * Rates so high that no test file comes near them (each file signs up and in far more than 30
 * times within 5 minutes); the rate-limit tests start instances with small ones.
 */
const UNLIMITED = { tokenRefresh: 1e9, signInSignUps: 1e9, tokenVerifications: 1e9 };

export type InstanceSettings = Pick<AuthOptions, "refreshTokenReuseIntervalSeconds" | "rateLimits" | "rateLimitHeader">;

/** An auth service on the file's database with its keys (stopped after the file's tests). */
export async function startInstance(settings: InstanceSettings = {}): Promise<AuthHandle> {
  const port = await freePort();
  const instance = await startAuth({
    port,
    databaseUrl: asAuthAdmin(db.url),
    jwtSecret: secret,
    signingKey,
    issuer: `http://127.0.0.1:${port}/auth/v1`,
    ...settings,
    rateLimits: { ...UNLIMITED, ...settings.rateLimits },
  });
  started.push(instance);
  return instance;
}

/** The file's hooks: a fresh database, keys and the auth service `auth` before its tests, all gone after. */
export function withAuthService(): void {
  beforeAll(async () => {
    db = await freshDatabase();
    secret = randomBytes(30).toString("base64url");
    signingKey = await generateSigningKey();
    anonKey = await apiKey("anon");
    serviceKey = await apiKey("service_role");
    auth = await startInstance();
  });

  afterAll(async () => {
    for (const instance of started) await instance.stop();
    await db?.close();
  });
}

// On Node 20 supabase-js refuses to start without a WebSocket implementation, even for auth only.
export function client(key = anonKey, instance = auth): SupabaseClient {
  return createClient(instance.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

export const admin = () => client(serviceKey).auth.admin;
export const uniqueEmail = (name = "user") => `${name}-${randomUUID().slice(0, 8)}@example.com`;

export interface SignedIn {
  email: string;
  user: User;
  session: Session;
  client: SupabaseClient;
}

export async function signUp(data: Record<string, unknown> = {}, instance = auth): Promise<SignedIn> {
  const email = uniqueEmail();
  const c = client(anonKey, instance);
  const { data: result, error } = await c.auth.signUp({ email, password: PASSWORD, options: { data } });
  expect(error).toBeNull();
  return { email, user: result.user!, session: result.session!, client: c };
}

export async function signIn(email: string, instance = auth): Promise<SignedIn> {
  const c = client(anonKey, instance);
  const { data, error } = await c.auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { email, user: data.user!, session: data.session!, client: c };
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  /** The JSON body, read field by field; undefined when the answer has none (a 204). */
  body: Record<string, unknown>;
}

/** A request to `auth` (or `instance`) as supabase-js sends it (apikey, bearer token, API version), answered raw. */
export async function raw(path: string, init: RequestInit & { token?: string; instance?: AuthHandle } = {}): Promise<RawAnswer> {
  const headers = new Headers(init.headers);
  headers.set("apikey", anonKey);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${init.token ?? anonKey}`);
  if (!headers.has("x-supabase-api-version")) headers.set("x-supabase-api-version", "2024-01-01");
  const res = await fetch(`${(init.instance ?? auth).url}${path}`, { ...init, headers, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const sessionIdOf = (accessToken: string) => decodeJwt(accessToken).session_id as string;

export async function tokensOfSession(sessionId: string) {
  const { rows } = await db.pool.query<{ token: string; revoked: boolean; parent: string | null }>(
    "select token, revoked, parent from auth.refresh_tokens where session_id = $1 order by id",
    [sessionId],
  );
  return rows;
}
