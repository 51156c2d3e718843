// POST /auth/v1/token, judged by the unmodified supabase-js and @supabase/ssr: password sign-in,
// refresh-token rotation with GoTrue's reuse rules and races, and the session as @supabase/ssr
// keeps it in cookies.
import { randomUUID } from "node:crypto";
import { createServerClient } from "@supabase/ssr";
import { isAuthSessionMissingError, type Session } from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { AuthHandle } from "../index";
import {
  anonKey,
  auth,
  client,
  db,
  PASSWORD,
  raw,
  sessionIdOf,
  signIn,
  signUp,
  startInstance,
  tokensOfSession,
  uniqueEmail,
  withAuthService,
} from "../testing";

withAuthService();

/** A second instance on the same database with refreshTokenReuseIntervalSeconds: 0. */
let strictAuth: AuthHandle;

beforeAll(async () => {
  strictAuth = await startInstance({ refreshTokenReuseIntervalSeconds: 0 });
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
          raw("/auth/v1/token?grant_type=refresh_token", {
            method: "POST",
            body: JSON.stringify({ refresh_token: session.refresh_token }),
          }),
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
      : [...jar]
          .filter(([name]) => name.startsWith("sb-127-auth-token."))
          .sort()
          .map(([, v]) => v)
          .join("");
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
