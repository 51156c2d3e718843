// POST /auth/v1/logout, judged by the unmodified supabase-js (and raw HTTP where it hides the
// wire): the global, local and others scopes, and what a signed-out token then gets.
import { isAuthSessionMissingError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { client, raw, signIn, signUp, withAuthService } from "../testing";

withAuthService();

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
