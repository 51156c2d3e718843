// How the server checks a session: the token alone (getClaims, no request to auth) or auth itself
// (getUser), which knows when a session was signed out.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ServerClient } from "@/lib/supabase/server";

vi.mock("server-only", () => ({}));
const { getSignedInUser } = await import("./auth");

const USER_ID = "a11ce000-0000-4000-8000-000000000001";
const getClaims = vi.fn();
const getUser = vi.fn();
const supabase = { auth: { getClaims, getUser } } as unknown as ServerClient;

/** A token still valid by its signature, whose session auth has ended (a cookie copied before "Sign out"). */
function signedOutSession(): void {
  getClaims.mockResolvedValue({ data: { claims: { sub: USER_ID, email: "alice@example.com" } }, error: null });
  getUser.mockResolvedValue({ data: { user: null }, error: { name: "AuthSessionMissingError", status: 403, code: "session_not_found" } });
}

describe("checking the session on the server", () => {
  beforeEach(() => {
    getClaims.mockReset();
    getUser.mockReset();
  });

  it("by default the signed token is enough: no request to auth", async () => {
    signedOutSession();
    expect(await getSignedInUser(supabase)).toEqual({ id: USER_ID, email: "alice@example.com" });
    expect(getUser).not.toHaveBeenCalled();
  });

  it('"auth-server" asks auth, which refuses a session that was signed out', async () => {
    signedOutSession();
    expect(await getSignedInUser(supabase, "auth-server")).toBeNull();
    expect(getUser).toHaveBeenCalledOnce();
  });

  it('"auth-server" gives the user auth knows', async () => {
    getUser.mockResolvedValue({ data: { user: { id: USER_ID, email: "alice@example.com" } }, error: null });
    expect(await getSignedInUser(supabase, "auth-server")).toEqual({ id: USER_ID, email: "alice@example.com" });
  });
});
