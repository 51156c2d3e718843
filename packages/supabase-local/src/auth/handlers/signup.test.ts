// POST /auth/v1/signup, judged by the unmodified supabase-js (and raw HTTP where it hides the
// wire): auto-confirmed sign-up with a session and the profile trigger, and its refusals.
import { isAuthWeakPasswordError } from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { auth, client, db, PASSWORD, raw, signUp, tokensOfSession, uniqueEmail, withAuthService } from "../testing";

withAuthService();

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
