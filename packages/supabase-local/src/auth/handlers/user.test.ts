// GET and PUT /auth/v1/user, judged by the unmodified supabase-js (and raw HTTP where it hides
// the wire): the signed-in user reading and updating their own account.
import { isAuthSessionMissingError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { client, PASSWORD, raw, signIn, signUp, withAuthService } from "../testing";

withAuthService();

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
