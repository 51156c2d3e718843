// What the login forms say when auth refuses, and the sign-in action's answer to GoTrue's 429.
import { AuthApiError, AuthRetryableFetchError } from "@supabase/supabase-js";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { authFailure, TOO_MANY_ATTEMPTS } from "./auth-failure";

const signInWithPassword = vi.fn();
vi.mock("@/lib/supabase/server", () => ({ createClient: async () => ({ auth: { signInWithPassword } }) }));
vi.mock("next/navigation", () => ({ redirect: vi.fn() }));

const rateLimited = () => new AuthApiError("Request rate limit reached", 429, "over_request_rate_limit");

describe("auth's refusals, as the forms say them", () => {
  it("GoTrue's rate limit (429 over_request_rate_limit) asks to wait a few minutes", () => {
    expect(authFailure(rateLimited(), "Signing in failed.")).toBe("Too many attempts, try again in a few minutes");
    // a 429 without the code (an older GoTrue) says the same
    expect(authFailure(new AuthApiError("Too many requests", 429, undefined), "Signing in failed.")).toBe(TOO_MANY_ATTEMPTS);
  });

  it("a wrong password, a taken email, and anything else", () => {
    expect(authFailure(new AuthApiError("Invalid login credentials", 400, "invalid_credentials"), "x")).toBe("Wrong email or password");
    expect(authFailure(new AuthApiError("User already registered", 422, "user_already_exists"), "x")).toMatch(/already exists/);
    expect(authFailure(new AuthApiError("odd", 400, "something_new"), "Signing in failed.")).toBe("Signing in failed.");
    expect(authFailure(new AuthRetryableFetchError("fetch failed", 0), "x")).toBe(
      "We could not reach the sign-in service. Please try again.",
    );
  });
});

describe("the sign-in form over the limit", () => {
  beforeEach(() => signInWithPassword.mockReset());

  it("shows the rate-limit message and keeps the email, not a generic error", async () => {
    signInWithPassword.mockResolvedValue({ data: { session: null, user: null }, error: rateLimited() });
    const { signIn } = await import("./actions");
    const form = new FormData();
    form.set("email", "alice@example.com");
    form.set("password", "password123");
    const state = await signIn({ error: null, email: "", displayName: "" }, form);
    expect(state).toEqual({ error: "Too many attempts, try again in a few minutes", email: "alice@example.com", displayName: "" });
  });
});
