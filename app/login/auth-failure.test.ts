// What the login forms say when auth refuses. End to end against the local auth,
// e2e/security.spec.ts drives the sign-up form over GoTrue's rate limit; the sign-in form says the
// same through authFailure (the e2e stack leaves sign-ins practically unlimited).
import { AuthApiError, AuthRetryableFetchError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { authFailure, TOO_MANY_ATTEMPTS } from "./auth-failure";

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
