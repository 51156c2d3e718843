// The local auth service, judged by the unmodified supabase-js and @supabase/ssr clients (and by
// raw HTTP where the clients hide the wire): sign-up, sign-in, tokens, refresh rotation, sign-out
// scopes, user updates, the admin API, CORS and bad input. Each test makes its own users.
import { randomBytes, randomUUID } from "node:crypto";
import { createServerClient } from "@supabase/ssr";
import {
  createClient,
  isAuthSessionMissingError,
  isAuthWeakPasswordError,
  type Session,
  type SupabaseClient,
  type User,
} from "@supabase/supabase-js";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort } from "../testing/cluster";
import { freshDatabase, type TestDatabase } from "../testing/database";
import { generateSigningKey, type SigningJwk } from "../keys";
import { startAuth, type AuthHandle } from "./index";

const PASSWORD = "correct-horse-9";

let db: TestDatabase;
let secret: string;
/** the ES256 key access tokens are signed with, as a `supabase start` project configures it */
let signingKey: SigningJwk;
let anonKey: string;
let serviceKey: string;
let auth: AuthHandle;
/** A second instance on the same database with refreshTokenReuseIntervalSeconds: 0. */
let strictAuth: AuthHandle;

async function apiKey(role: "anon" | "service_role", jwtSecret = secret): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("supabase-demo")
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(new TextEncoder().encode(jwtSecret));
}

/** The connection string of the role the stack gives the auth service. */
function asAuthAdmin(url: string): string {
  const u = new URL(url);
  u.username = "supabase_auth_admin";
  u.password = "postgres";
  return u.toString();
}

async function startInstance(reuseInterval?: number): Promise<AuthHandle> {
  const port = await freePort();
  return startAuth({
    port,
    databaseUrl: asAuthAdmin(db.url),
    jwtSecret: secret,
    signingKey,
    issuer: `http://127.0.0.1:${port}/auth/v1`,
    refreshTokenReuseIntervalSeconds: reuseInterval,
  });
}

beforeAll(async () => {
  db = await freshDatabase();
  secret = randomBytes(30).toString("base64url");
  signingKey = await generateSigningKey();
  anonKey = await apiKey("anon");
  serviceKey = await apiKey("service_role");
  auth = await startInstance();
  strictAuth = await startInstance(0);
});

afterAll(async () => {
  await auth?.stop();
  await strictAuth?.stop();
  await db?.close();
});

// On Node 20 supabase-js refuses to start without a WebSocket implementation, even for auth only.
function client(key = anonKey, instance = auth): SupabaseClient {
  return createClient(instance.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

const admin = () => client(serviceKey).auth.admin;
const uniqueEmail = (name = "user") => `${name}-${randomUUID().slice(0, 8)}@example.com`;

interface SignedIn {
  email: string;
  user: User;
  session: Session;
  client: SupabaseClient;
}

async function signUp(data: Record<string, unknown> = {}, instance = auth): Promise<SignedIn> {
  const email = uniqueEmail();
  const c = client(anonKey, instance);
  const { data: result, error } = await c.auth.signUp({ email, password: PASSWORD, options: { data } });
  expect(error).toBeNull();
  return { email, user: result.user!, session: result.session!, client: c };
}

async function signIn(email: string, instance = auth): Promise<SignedIn> {
  const c = client(anonKey, instance);
  const { data, error } = await c.auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { email, user: data.user!, session: data.session!, client: c };
}

async function raw(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const headers = new Headers(init.headers);
  headers.set("apikey", anonKey);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${init.token ?? anonKey}`);
  if (!headers.has("x-supabase-api-version")) headers.set("x-supabase-api-version", "2024-01-01");
  const res = await fetch(`${auth.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const sessionIdOf = (accessToken: string) => decodeJwt(accessToken).session_id as string;

async function tokensOfSession(sessionId: string) {
  const { rows } = await db.pool.query<{ token: string; revoked: boolean; parent: string | null }>(
    "select token, revoked, parent from auth.refresh_tokens where session_id = $1 order by id",
    [sessionId],
  );
  return rows;
}

describe("sign-up", () => {
  it("confirms the user at once, answers with a session, and the profile trigger creates the profile", async () => {
    const email = uniqueEmail("Ada"); // mixed case: stored lower-cased
    const c = client();
    const { data, error } = await c.auth.signUp({ email, password: PASSWORD, options: { data: { display_name: "Ada Lovelace" } } });
    expect(error).toBeNull();
    const { session, user } = data;
    expect(session).not.toBeNull();
    expect(session!.token_type).toBe("bearer");
    expect(session!.expires_in).toBeGreaterThan(3590);
    expect(session!.expires_at).toBeGreaterThan(Date.now() / 1000 + 3590);
    expect(session!.refresh_token).toMatch(/^[a-z2-7]{12}$/);
    expect(user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { display_name: "Ada Lovelace", email_verified: true },
      is_anonymous: false,
    });
    expect(user!.email_confirmed_at).toBeTruthy();
    expect(user!.confirmed_at).toBeTruthy();
    expect(user!.last_sign_in_at).toBeTruthy();
    expect(user!.identities).toHaveLength(1);
    expect(user!.identities![0]).toMatchObject({
      id: user!.id,
      user_id: user!.id,
      provider: "email",
      email: email.toLowerCase(),
      identity_data: { sub: user!.id, email: email.toLowerCase(), email_verified: false, phone_verified: false },
    });

    const claims = decodeJwt(session!.access_token);
    expect(claims).toMatchObject({
      iss: `${auth.url}/auth/v1`,
      sub: user!.id,
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { display_name: "Ada Lovelace", email_verified: true },
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);

    const profile = await db.pool.query("select display_name from public.profiles where id = $1", [user!.id]);
    expect(profile.rows).toEqual([{ display_name: "Ada Lovelace" }]);
    const sessions = await db.pool.query("select user_id from auth.sessions where id = $1", [claims.session_id]);
    expect(sessions.rows).toEqual([{ user_id: user!.id }]);
    expect(await tokensOfSession(claims.session_id as string)).toEqual([{ token: session!.refresh_token, revoked: false, parent: null }]);
  });

  it("signing up again with the same email (in any case) → 422 user_already_exists", async () => {
    const { email } = await signUp();
    for (const again of [email, email.toUpperCase()]) {
      const { data, error } = await client().auth.signUp({ email: again, password: "another-password" });
      expect(error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });
      expect(data.user).toBeNull();
    }
    const { rows } = await db.pool.query("select count(*)::int as n from auth.users where lower(email) = $1", [email]);
    expect(rows[0].n).toBe(1);
  });

  it("a password under 6 characters → 422 weak_password with its reasons, and no user", async () => {
    const email = uniqueEmail();
    const { error } = await client().auth.signUp({ email, password: "abc" });
    expect(isAuthWeakPasswordError(error)).toBe(true);
    expect(error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });
    expect(error!.message).toBe("Password should be at least 6 characters.");
    const { rows } = await db.pool.query("select 1 from auth.users where email = $1", [email]);
    expect(rows).toHaveLength(0);
  });

  it("an invalid email → 400 validation_failed, and no user", async () => {
    for (const email of ["not-an-email", "two@@example.com", "space in@example.com"]) {
      const { error } = await client().auth.signUp({ email, password: PASSWORD });
      expect(error).toMatchObject({ status: 400, code: "validation_failed", message: "Unable to validate email address: invalid format" });
    }
  });

  it("neither email nor phone asks for an anonymous user, which is disabled → 422 anonymous_provider_disabled", async () => {
    const res = await raw("/auth/v1/signup", { method: "POST", body: JSON.stringify({ password: PASSWORD }) });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ code: "anonymous_provider_disabled", message: "Anonymous sign-ins are disabled" });
  });
});

describe("password sign-in", () => {
  it("the right password signs in with a new session and moves last_sign_in_at", async () => {
    const { email, user, session: first } = await signUp();
    const before = await db.pool.query("select last_sign_in_at from auth.users where id = $1", [user.id]);
    const { session, user: signedIn } = await signIn(email);
    expect(signedIn.id).toBe(user.id);
    expect(sessionIdOf(session.access_token)).not.toBe(sessionIdOf(first.access_token));
    const after = await db.pool.query("select last_sign_in_at from auth.users where id = $1", [user.id]);
    expect(after.rows[0].last_sign_in_at.getTime()).toBeGreaterThan(before.rows[0].last_sign_in_at.getTime());
    expect(signedIn.last_sign_in_at).toBe(after.rows[0].last_sign_in_at.toISOString());
  });

  it("a wrong password and an unknown email both → 400 invalid_credentials", async () => {
    const { email } = await signUp();
    for (const credentials of [
      { email, password: "wrong-password" },
      { email: uniqueEmail("nobody"), password: PASSWORD },
    ]) {
      const { data, error } = await client().auth.signInWithPassword(credentials);
      expect(error).toMatchObject({ status: 400, code: "invalid_credentials", message: "Invalid login credentials" });
      expect(data.session).toBeNull();
    }
  });

  it("a user seeded with pgcrypto's crypt() signs in, and hashes made here verify in pgcrypto", async () => {
    const id = randomUUID();
    const email = uniqueEmail("seeded");
    // as supabase/seed.sql does it
    await db.pool.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
         extensions.crypt('password123', extensions.gen_salt('bf')), now(), '{"provider":"email","providers":["email"]}',
         '{"display_name":"Seeded"}', now(), now(), '', '', '', '')`,
      [id, email],
    );
    await db.pool.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       values ($1::text, $2::uuid, jsonb_build_object('sub', $1::text, 'email', $3::text, 'email_verified', true), 'email', now(), now(), now())`,
      [id, id, email],
    );
    const { data, error } = await client().auth.signInWithPassword({ email, password: "password123" });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id, email, user_metadata: { display_name: "Seeded" } });
    expect(data.weakPassword).toBeUndefined();

    const { user } = await signUp();
    const { rows } = await db.pool.query(
      `select encrypted_password like '$2a$10$%' as go_style,
              encrypted_password = extensions.crypt($2, encrypted_password) as verifies
       from auth.users where id = $1`,
      [user.id, PASSWORD],
    );
    expect(rows[0]).toEqual({ go_style: true, verifies: true });
  });

  it("a password below today's minimum still signs in, with weak_password reasons for the app", async () => {
    const id = randomUUID();
    const email = uniqueEmail("short");
    await db.pool.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
         extensions.crypt('abc', extensions.gen_salt('bf')), now(), '{}', '{}', now(), now())`,
      [id, email],
    );
    const { data, error } = await client().auth.signInWithPassword({ email, password: "abc" });
    expect(error).toBeNull();
    expect(data.session).not.toBeNull();
    expect(data.weakPassword).toEqual({ message: "Password should be at least 6 characters.", reasons: ["length"] });
  });
});

describe("access tokens", () => {
  it("getUser returns the signed-in user, from the client's session or from a given token", async () => {
    const { email, user } = await signUp({ display_name: "Grace" });
    const { client: c, session } = await signIn(email);
    const fromSession = await c.auth.getUser();
    expect(fromSession.error).toBeNull();
    expect(fromSession.data.user).toMatchObject({ id: user.id, email, user_metadata: { display_name: "Grace" } });
    const fromToken = await client().auth.getUser(session.access_token);
    expect(fromToken.data.user?.id).toBe(user.id);
  });

  it("an expired token → 403 bad_jwt", async () => {
    const { session } = await signUp();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...decodeJwt(session.access_token), iat: now - 7200, exp: now - 60 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(secret));
    const { data, error } = await client().auth.getUser(expired);
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 403, code: "bad_jwt" });
    expect(error!.message).toContain("token is expired");
  });

  it("a tampered token or one signed with another secret → 403 bad_jwt", async () => {
    const { session } = await signUp();
    const [header, payload, signature] = session.access_token.split(".") as [string, string, string];
    const flipped = signature[5] === "A" ? "B" : "A";
    const tampered = `${header}.${payload}.${signature.slice(0, 5)}${flipped}${signature.slice(6)}`;
    const claims = decodeJwt(session.access_token);
    const forged = await new SignJWT({ ...claims, role: "service_role" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(randomBytes(30).toString("base64url")));
    for (const token of [tampered, forged, "not.a.jwt"]) {
      const { error } = await client().auth.getUser(token);
      expect(error).toMatchObject({ status: 403, code: "bad_jwt" });
    }
    // a forged service-role token does not open the admin API either
    const res = await raw("/auth/v1/admin/users", { token: forged });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("bad_jwt");
  });

  it("the anon key is no user token, and no token at all → 401 no_authorization", async () => {
    const anon = await client().auth.getUser(anonKey);
    expect(anon.error).toMatchObject({ status: 403, code: "bad_jwt", message: "invalid claim: missing sub claim" });
    const res = await raw("/auth/v1/user", { headers: { authorization: "" } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: "no_authorization", message: "This endpoint requires a valid Bearer token" });
  });
});

describe("refresh tokens", () => {
  it("refreshing rotates the token: a new one in the same session, the old one revoked and its parent", async () => {
    const { client: c, session } = await signUp();
    const { data, error } = await c.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(error).toBeNull();
    const next = data.session!;
    expect(next.refresh_token).toMatch(/^[a-z2-7]{12}$/);
    expect(next.refresh_token).not.toBe(session.refresh_token);
    const sessionId = sessionIdOf(session.access_token);
    expect(sessionIdOf(next.access_token)).toBe(sessionId);
    expect(decodeJwt(next.access_token).amr).toEqual(decodeJwt(session.access_token).amr);
    expect(await tokensOfSession(sessionId)).toEqual([
      { token: session.refresh_token, revoked: true, parent: null },
      { token: next.refresh_token, revoked: false, parent: session.refresh_token },
    ]);
    const { data: me } = await client().auth.getUser(next.access_token);
    expect(me.user?.id).toBe(data.user!.id);
  });

  it("the previous token used again within the reuse interval answers with the session's active token", async () => {
    const { session } = await signUp();
    const first = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    const again = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(again.error).toBeNull();
    expect(again.data.session!.refresh_token).toBe(first.data.session!.refresh_token);
    expect(await tokensOfSession(sessionIdOf(session.access_token))).toHaveLength(2);
  });

  it("a token two rotations old still refreshes within the reuse interval, and the session lives on", async () => {
    const { session } = await signUp();
    const r2 = (await client().auth.refreshSession({ refresh_token: session.refresh_token })).data.session!;
    const r3 = (await client().auth.refreshSession({ refresh_token: r2.refresh_token })).data.session!;
    const reused = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(reused.error).toBeNull();
    expect(sessionIdOf(reused.data.session!.access_token)).toBe(sessionIdOf(session.access_token));
    const latest = await client().auth.refreshSession({ refresh_token: r3.refresh_token });
    expect(latest.error).toBeNull();
  });

  it("outside the reuse interval an old token revokes its whole family, so the newest token fails too", async () => {
    const { session } = await signUp({}, strictAuth);
    const strict = () => client(anonKey, strictAuth).auth;
    const r2 = (await strict().refreshSession({ refresh_token: session.refresh_token })).data.session!;
    const r3 = (await strict().refreshSession({ refresh_token: r2.refresh_token })).data.session!;
    // the parent of the active token is always forgiven (the client may have lost the answer)
    const lost = await strict().refreshSession({ refresh_token: r2.refresh_token });
    expect(lost.data.session?.refresh_token).toBe(r3.refresh_token);

    const reused = await strict().refreshSession({ refresh_token: session.refresh_token });
    expect(reused.error).toMatchObject({ status: 400, code: "refresh_token_already_used", message: "Invalid Refresh Token: Already Used" });
    const sessionId = sessionIdOf(session.access_token);
    expect((await tokensOfSession(sessionId)).every((t) => t.revoked)).toBe(true);
    const newest = await strict().refreshSession({ refresh_token: r3.refresh_token });
    expect(newest.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });
  });

  it("an unknown token → 400 refresh_token_not_found", async () => {
    for (const token of ["abcdefghijkl", "short", "x".repeat(40)]) {
      const { error } = await client().auth.refreshSession({ refresh_token: token });
      expect(error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    }
  });

  it("simultaneous refreshes with one token (several tabs) all get the same new token, even with no reuse interval", async () => {
    const { session } = await signUp({}, strictAuth);
    // warm the service's connection pool first, or opening connections spaces the requests out
    await Promise.all(Array.from({ length: 10 }, () => client(anonKey, strictAuth).auth.getUser(session.access_token)));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client(anonKey, strictAuth).auth.refreshSession({ refresh_token: session.refresh_token })),
    );
    for (const result of results) expect(result.error).toBeNull();
    const issued = new Set(results.map((r) => r.data.session!.refresh_token));
    expect(issued.size).toBe(1);
    const tokens = await tokensOfSession(sessionIdOf(session.access_token));
    expect(tokens.filter((t) => !t.revoked).map((t) => t.token)).toEqual([...issued]);
    const next = await client(anonKey, strictAuth).auth.refreshSession({ refresh_token: [...issued][0]! });
    expect(next.error).toBeNull();
  });

  it("refreshes racing a sign-out either succeed or find no token, never a server error or a live session", async () => {
    for (let round = 0; round < 5; round++) {
      const { session, client: c } = await signUp();
      // raw requests: auth-js would retry a 5xx and hide it
      const [signedOut, ...refreshes] = await Promise.all([
        c.auth.signOut(),
        ...Array.from({ length: 4 }, () =>
          raw("/auth/v1/token?grant_type=refresh_token", { method: "POST", body: JSON.stringify({ refresh_token: session.refresh_token }) }),
        ),
      ]);
      expect(signedOut.error).toBeNull();
      for (const res of refreshes) {
        if (res.status !== 200) expect([res.status, res.body.code]).toEqual([400, "refresh_token_not_found"]);
      }
      const { rows } = await db.pool.query("select 1 from auth.sessions where id = $1", [sessionIdOf(session.access_token)]);
      expect(rows).toHaveLength(0);
    }
  });

  it("a refresh token of a signed-out session → 400 refresh_token_not_found", async () => {
    const { client: c, session } = await signUp();
    expect((await c.auth.signOut()).error).toBeNull();
    const { error } = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
  });
});

describe("sign-out", () => {
  /** Two sessions of one user, each in its own client. */
  async function twoSessions() {
    const a = await signUp();
    const b = await signIn(a.email);
    return { a, b };
  }

  async function expectSignedOut(accessToken: string) {
    const { error } = await client().auth.getUser(accessToken);
    expect(isAuthSessionMissingError(error)).toBe(true);
    const res = await raw("/auth/v1/user", { token: accessToken });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: "session_not_found", message: "Session from session_id claim in JWT does not exist" });
  }

  async function expectSignedIn(accessToken: string) {
    const { error } = await client().auth.getUser(accessToken);
    expect(error).toBeNull();
  }

  it("global (the default) ends every session of the user; a client holding one clears it", async () => {
    const { a, b } = await twoSessions();
    expect((await a.client.auth.signOut()).error).toBeNull();
    expect((await a.client.auth.getSession()).data.session).toBeNull();
    await expectSignedOut(a.session.access_token);
    await expectSignedOut(b.session.access_token);
    // b's client learns it on its next call and drops its session, as auth-js does on session_not_found
    const { error } = await b.client.auth.getUser();
    expect(isAuthSessionMissingError(error)).toBe(true);
    expect((await b.client.auth.getSession()).data.session).toBeNull();
  });

  it("local ends only the current session", async () => {
    const { a, b } = await twoSessions();
    expect((await a.client.auth.signOut({ scope: "local" })).error).toBeNull();
    await expectSignedOut(a.session.access_token);
    await expectSignedIn(b.session.access_token);
  });

  it("others ends every session but the current one", async () => {
    const { a, b } = await twoSessions();
    expect((await a.client.auth.signOut({ scope: "others" })).error).toBeNull();
    await expectSignedIn(a.session.access_token);
    await expectSignedOut(b.session.access_token);
    expect((await a.client.auth.getSession()).data.session).not.toBeNull();
  });

  it("answers 204, and an unknown scope → 400 validation_failed", async () => {
    const { session } = await signUp();
    const bad = await raw("/auth/v1/logout?scope=everywhere", { method: "POST", token: session.access_token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation_failed");
    const ok = await raw("/auth/v1/logout?scope=local", { method: "POST", token: session.access_token });
    expect(ok.status).toBe(204);
    expect(ok.body).toBeUndefined();
  });
});

describe("updating one's own user", () => {
  it("data merges into user_metadata (null removes a key) and getUser sees it", async () => {
    const { email } = await signUp({ display_name: "Lin", city: "Paris" });
    const { client: c } = await signIn(email);
    const first = await c.auth.updateUser({ data: { city: "Lyon", bio: "hello" } });
    expect(first.error).toBeNull();
    expect(first.data.user!.user_metadata).toEqual({ display_name: "Lin", city: "Lyon", bio: "hello", email_verified: true });
    const second = await c.auth.updateUser({ data: { bio: null } });
    expect(second.data.user!.user_metadata).toEqual({ display_name: "Lin", city: "Lyon", email_verified: true });
    const { data } = await c.auth.getUser();
    expect(data.user!.user_metadata).toEqual({ display_name: "Lin", city: "Lyon", email_verified: true });
    // the client's own session picked the new user up
    expect((await c.auth.getSession()).data.session!.user.user_metadata.city).toBe("Lyon");
  });

  it("a new password signs in (the old one no longer does) and ends the user's other sessions", async () => {
    const { email } = await signUp();
    const current = await signIn(email);
    const other = await signIn(email);
    const { error } = await current.client.auth.updateUser({ password: "brand-new-password" });
    expect(error).toBeNull();
    expect((await client().auth.getUser(current.session.access_token)).error).toBeNull();
    expect(isAuthSessionMissingError((await client().auth.getUser(other.session.access_token)).error)).toBe(true);
    const old = await client().auth.signInWithPassword({ email, password: PASSWORD });
    expect(old.error?.code).toBe("invalid_credentials");
    const fresh = await client().auth.signInWithPassword({ email, password: "brand-new-password" });
    expect(fresh.error).toBeNull();
  });

  it("the same password → 422 same_password, a short one → 422 weak_password, app_metadata → 403 not_admin", async () => {
    const { client: c } = await signUp();
    expect((await c.auth.updateUser({ password: PASSWORD })).error).toMatchObject({ status: 422, code: "same_password" });
    expect((await c.auth.updateUser({ password: "abc" })).error).toMatchObject({ status: 422, code: "weak_password" });
    const res = await raw("/auth/v1/user", {
      method: "PUT",
      token: (await c.auth.getSession()).data.session!.access_token,
      body: JSON.stringify({ app_metadata: { plan: "pro" } }),
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("not_admin");
  });
});

describe("admin API", () => {
  it("creates a confirmed user with metadata, an identity and a profile, who can sign in", async () => {
    const email = uniqueEmail("created");
    const { data, error } = await admin().createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: "Created" },
      app_metadata: { plan: "pro" },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      role: "authenticated",
      app_metadata: { provider: "email", providers: ["email"], plan: "pro" },
      user_metadata: { display_name: "Created", email_verified: true },
    });
    expect(data.user!.email_confirmed_at).toBeTruthy();
    expect(data.user!.identities).toHaveLength(1);
    const profile = await db.pool.query("select display_name from public.profiles where id = $1", [data.user!.id]);
    expect(profile.rows).toEqual([{ display_name: "Created" }]);
    const { user } = await signIn(email);
    expect(user.app_metadata.plan).toBe("pro");
  });

  it("an unconfirmed user cannot sign in until an admin confirms the email; a taken email → 422 email_exists", async () => {
    const email = uniqueEmail("unconfirmed");
    const { data } = await admin().createUser({ email, password: PASSWORD });
    expect(data.user!.email_confirmed_at).toBeUndefined();
    const blocked = await client().auth.signInWithPassword({ email, password: PASSWORD });
    expect(blocked.error).toMatchObject({ status: 400, code: "email_not_confirmed" });
    const confirmed = await admin().updateUserById(data.user!.id, { email_confirm: true });
    expect(confirmed.data.user!.email_confirmed_at).toBeTruthy();
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    const duplicate = await admin().createUser({ email, password: PASSWORD });
    expect(duplicate.error).toMatchObject({ status: 422, code: "email_exists" });
  });

  it("lists users newest first, page by page, with GoTrue's x-total-count and link headers", async () => {
    for (let i = 0; i < 3; i++) await admin().createUser({ email: uniqueEmail("listed"), password: PASSWORD });
    const { rows } = await db.pool.query<{ id: string }>("select id from auth.users where aud = 'authenticated' order by created_at desc, id");
    const total = rows.length;
    const perPage = Math.ceil(total / 3); // three pages (auth-js reads only one digit of a page number)
    const lastPage = Math.ceil(total / perPage);
    const pages = [];
    for (let page = 1; page <= lastPage; page++) {
      const { data, error } = await admin().listUsers({ page, perPage });
      expect(error).toBeNull();
      expect(data).toMatchObject({ aud: "authenticated", total, lastPage });
      expect((data as { nextPage: number | null }).nextPage).toBe(page < lastPage ? page + 1 : null);
      pages.push(...data.users.map((u) => u.id));
    }
    expect(pages).toEqual(rows.map((r) => r.id));

    const res = await raw(`/auth/v1/admin/users?page=1&per_page=${perPage}`, { token: serviceKey });
    expect(res.headers.get("x-total-count")).toBe(String(total));
    expect(res.headers.get("link")).toBe(
      `</auth/v1/admin/users?page=2&per_page=${perPage}>; rel="next", </auth/v1/admin/users?page=${lastPage}&per_page=${perPage}>; rel="last"`,
    );
    const bad = await raw("/auth/v1/admin/users?page=two", { token: serviceKey });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation_failed");
  });

  it("gets and updates a user by id: metadata merges, a new password ends the user's sessions", async () => {
    const { user, email, session } = await signUp({ display_name: "Before", keep: 1 });
    const got = await admin().getUserById(user.id);
    expect(got.data.user).toMatchObject({ id: user.id, email });
    const { data, error } = await admin().updateUserById(user.id, {
      user_metadata: { display_name: "After" },
      app_metadata: { plan: "team" },
      password: "admin-set-password",
    });
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toEqual({ display_name: "After", keep: 1, email_verified: true });
    expect(data.user!.app_metadata).toEqual({ provider: "email", providers: ["email"], plan: "team" });
    expect(isAuthSessionMissingError((await client().auth.getUser(session.access_token)).error)).toBe(true);
    expect((await client().auth.signInWithPassword({ email, password: "admin-set-password" })).error).toBeNull();
  });

  it("deletes a user with their identities, sessions and profile; their token then → 403 user_not_found", async () => {
    const { user, session } = await signUp();
    const { error } = await admin().deleteUser(user.id);
    expect(error).toBeNull();
    const gone = await admin().getUserById(user.id);
    expect(gone.error).toMatchObject({ status: 404, code: "user_not_found" });
    const { error: tokenError } = await client().auth.getUser(session.access_token);
    expect(tokenError).toMatchObject({ status: 403, code: "user_not_found" });
    const left = await db.pool.query(
      `select (select count(*) from auth.identities where user_id = $1)::int as identities,
              (select count(*) from auth.sessions where user_id = $1)::int as sessions,
              (select count(*) from public.profiles where id = $1)::int as profiles`,
      [user.id],
    );
    expect(left.rows[0]).toEqual({ identities: 0, sessions: 0, profiles: 0 });
  });

  it("a soft delete keeps the row without its email, password or sessions", async () => {
    const { user, email, session } = await signUp({ display_name: "Soft" });
    expect((await admin().deleteUser(user.id, true)).error).toBeNull();
    const { data } = await admin().getUserById(user.id);
    expect(data.user!.deleted_at).toBeTruthy();
    expect(data.user!.email).not.toBe(email);
    expect(data.user!.user_metadata).toEqual({});
    expect(isAuthSessionMissingError((await client().auth.getUser(session.access_token)).error)).toBe(true);
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe("invalid_credentials");
  });

  it("a user's token or the anon key → 403 not_admin", async () => {
    const { session } = await signUp();
    for (const key of [session.access_token, anonKey]) {
      const { error } = await client(key).auth.admin.listUsers();
      expect(error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });
    }
    const create = await client(session.access_token).auth.admin.createUser({ email: uniqueEmail(), password: PASSWORD });
    expect(create.error?.code).toBe("not_admin");
  });

  it("a user id that is not a UUID → 404 validation_failed; an unknown one → 404 user_not_found", async () => {
    const bad = await raw("/auth/v1/admin/users/not-a-uuid", { token: serviceKey });
    expect(bad.status).toBe(404);
    expect(bad.body).toEqual({ code: "validation_failed", message: "user_id must be an UUID" });
    const unknown = await admin().getUserById(randomUUID());
    expect(unknown.error).toMatchObject({ status: 404, code: "user_not_found" });
  });
});

describe("HTTP surface", () => {
  it("answers CORS preflights for any origin with the headers supabase-js sends", async () => {
    const res = await fetch(`${auth.url}/auth/v1/token?grant_type=password`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,apikey,content-type,x-client-info,x-supabase-api-version,x-retry-count",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = res.headers.get("access-control-allow-headers")!.split(",").map((h) => h.trim().toLowerCase());
    for (const header of ["authorization", "apikey", "content-type", "x-client-info", "x-supabase-api-version", "x-retry-count"]) {
      expect(allowed).toContain(header);
    }

    const actual = await fetch(`${auth.url}/auth/v1/health`, { headers: { origin: "https://app.example" } });
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(actual.headers.get("access-control-expose-headers")).toContain("X-Supabase-Api-Version");
  });

  it("every response, success or error, carries X-Supabase-Api-Version: 2024-01-01", async () => {
    const responses = await Promise.all([
      fetch(`${auth.url}/auth/v1/health`),
      fetch(`${auth.url}/auth/v1/user`),
      fetch(`${auth.url}/auth/v1/nowhere`),
      fetch(`${auth.url}/auth/v1/token?grant_type=password`, { method: "POST", body: "{" }),
    ]);
    for (const res of responses) expect(res.headers.get("x-supabase-api-version")).toBe("2024-01-01");
  });

  it("a body over 1 MB → 413 with code request_entity_too_large, and the service keeps serving", async () => {
    const res = await raw("/auth/v1/signup", { method: "POST", body: JSON.stringify({ email: "big@example.com", password: "x".repeat(1 << 20) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "request_entity_too_large" });
    expect((await fetch(`${auth.url}/auth/v1/health`)).status).toBe(200);
  });

  it("malformed or mistyped bodies → 400 bad_json with a clear message, never a 500", async () => {
    const cases: Array<[string, string]> = [
      ["/auth/v1/token?grant_type=password", "{not json"],
      ["/auth/v1/token?grant_type=password", ""],
      ["/auth/v1/signup", "[1, 2]"],
      ["/auth/v1/signup", JSON.stringify({ email: 42, password: PASSWORD })],
      ["/auth/v1/token?grant_type=refresh_token", JSON.stringify({ refresh_token: ["x"] })],
    ];
    for (const [path, body] of cases) {
      const res = await raw(path, { method: "POST", body, headers: { "content-type": "application/json" } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("bad_json");
      expect(res.body.message).toMatch(/^Could not parse request body as JSON: .+/);
      expect(res.headers.get("x-sb-error-code")).toBe("bad_json");
    }
    const { session } = await signUp();
    const nul = await raw("/auth/v1/user", { method: "PUT", token: session.access_token, body: JSON.stringify({ data: { bio: "a\u0000b" } }) });
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe("validation_failed");
  });

  it("refresh without a token, an unknown grant type and an unknown route answer like GoTrue", async () => {
    const noToken = await raw("/auth/v1/token?grant_type=refresh_token", { method: "POST", body: "{}" });
    expect(noToken.status).toBe(400);
    expect(noToken.body).toEqual({ error: "invalid_request", error_description: "refresh_token required" });
    const grant = await raw("/auth/v1/token?grant_type=magic", { method: "POST", body: "{}" });
    expect(grant.status).toBe(400);
    expect(grant.body).toEqual({ code: "invalid_credentials", message: "unsupported_grant_type" });
    const missing = await raw("/auth/v1/factors", { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    const method = await raw("/auth/v1/signup", { method: "GET" });
    expect(method.status).toBe(405);
  });

  it("health and settings describe an email-only, auto-confirming GoTrue", async () => {
    const health = await raw("/auth/v1/health");
    expect(health.body).toMatchObject({ name: "GoTrue" });
    const settings = await raw("/auth/v1/settings");
    expect(settings.body).toMatchObject({ disable_signup: false, mailer_autoconfirm: true, external: { email: true, phone: false, anonymous_users: false } });
    const jwks = await raw("/auth/v1/.well-known/jwks.json");
    const { kty, kid, alg, crv, x, y, use, ext } = signingKey;
    expect(jwks.body).toEqual({ keys: [{ kty, kid, alg, crv, x, y, use, ext, key_ops: ["verify"] }] });
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=600");
  });

  it("access tokens are ES256 with the signing key's kid; without a signing key they are HS256 and the key set is empty", async () => {
    const { session } = await signUp();
    expect(decodeProtectedHeader(session.access_token)).toEqual({ alg: "ES256", kid: signingKey.kid, typ: "JWT" });
    const port = await freePort();
    const legacy = await startAuth({ port, databaseUrl: asAuthAdmin(db.url), jwtSecret: secret, issuer: `http://127.0.0.1:${port}/auth/v1` });
    try {
      const { session: hs256 } = await signUp({}, legacy);
      expect(decodeProtectedHeader(hs256.access_token)).toEqual({ alg: "HS256", typ: "JWT" });
      const res = await fetch(`${legacy.url}/auth/v1/.well-known/jwks.json`, { headers: { apikey: anonKey } });
      expect(await res.json()).toEqual({ keys: [] });
      // the ES256 service accepts the legacy token, and the legacy service refuses the ES256 one (it has no such kid)
      expect((await client().auth.getUser(hs256.access_token)).error).toBeNull();
      expect((await client(anonKey, legacy).auth.getUser(session.access_token)).error).toMatchObject({ status: 403, code: "bad_jwt" });
    } finally {
      await legacy.stop();
    }
  });
});

describe("@supabase/ssr cookies", () => {
  type Jar = Map<string, string>;

  function serverClient(jar: Jar) {
    return createServerClient(auth.url, anonKey, {
      cookies: {
        getAll: () => [...jar].map(([name, value]) => ({ name, value })),
        setAll: (cookies) => {
          for (const { name, value } of cookies) {
            if (value) jar.set(name, value);
            else jar.delete(name);
          }
        },
      },
      realtime: { transport: WebSocket as never },
    });
  }

  const decode = (jar: Jar) => {
    const value = jar.has("sb-127-auth-token")
      ? jar.get("sb-127-auth-token")!
      : [...jar].filter(([name]) => name.startsWith("sb-127-auth-token.")).sort().map(([, v]) => v).join("");
    expect(value.startsWith("base64-")).toBe(true);
    return JSON.parse(Buffer.from(value.slice("base64-".length), "base64url").toString("utf8")) as Session;
  };

  it("sign-in writes the sb-127-auth-token cookie, and the next request's client gets the user and the claims", async () => {
    const { email, user } = await signUp({ display_name: "Cookie" });
    const jar: Jar = new Map();
    const { error } = await serverClient(jar).auth.signInWithPassword({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect([...jar.keys()]).toEqual(["sb-127-auth-token"]);
    expect(decode(jar).user.id).toBe(user.id);

    const next = serverClient(new Map(jar));
    const { data: got } = await next.auth.getUser();
    expect(got.user?.id).toBe(user.id);
    const { data: claims, error: claimsError } = await next.auth.getClaims();
    expect(claimsError).toBeNull();
    expect(claims!.claims).toMatchObject({ sub: user.id, role: "authenticated", email });

    // signing out through the server client clears the cookie and ends the session
    const accessToken = decode(jar).access_token;
    expect((await serverClient(jar).auth.signOut()).error).toBeNull();
    expect(jar.size).toBe(0);
    expect(isAuthSessionMissingError((await client().auth.getUser(accessToken)).error)).toBe(true);
  });

  it("a session too big for one cookie is chunked into .0, .1 … and read back whole", async () => {
    const { email, user } = await signUp({ display_name: "Chunky", bio: "x".repeat(4000) });
    const jar: Jar = new Map();
    await serverClient(jar).auth.signInWithPassword({ email, password: PASSWORD });
    const names = [...jar.keys()].sort();
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names).toEqual(names.map((_, i) => `sb-127-auth-token.${i}`));
    expect(decode(jar).user.user_metadata.bio).toHaveLength(4000);
    const { data } = await serverClient(new Map(jar)).auth.getUser();
    expect(data.user?.id).toBe(user.id);
  });
});
