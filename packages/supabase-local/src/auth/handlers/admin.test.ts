// /auth/v1/admin/users, judged by supabase-js's admin client with the service-role key (and raw
// HTTP for the pagination headers): create, list, get, update, hard and soft delete, and who may not.
import { randomUUID } from "node:crypto";
import { isAuthSessionMissingError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { admin, anonKey, client, db, PASSWORD, raw, serviceKey, signIn, signUp, uniqueEmail, withAuthService } from "../testing";

withAuthService();

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
    const { rows } = await db.pool.query<{ id: string }>(
      "select id from auth.users where aud = 'authenticated' order by created_at desc, id",
    );
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
