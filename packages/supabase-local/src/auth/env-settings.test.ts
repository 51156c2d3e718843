// The stack's auth settings from its environment, under GoTrue's variable names.
import { describe, expect, it } from "vitest";
import { authSettingsFromEnv } from "./env-settings";

describe("auth settings from the environment", () => {
  it("nothing set: the service's defaults, and no rate-limit header (forwarded headers ignored)", () => {
    expect(authSettingsFromEnv({})).toEqual({ rateLimits: {} });
  });

  it("reads GoTrue's variables: token refresh, OTP (sign-in and sign-ups), verify, the header", () => {
    const env = {
      GOTRUE_RATE_LIMIT_TOKEN_REFRESH: "100000",
      GOTRUE_RATE_LIMIT_OTP: " 60 ",
      GOTRUE_RATE_LIMIT_VERIFY: "2.5",
      GOTRUE_RATE_LIMIT_HEADER: "X-Forwarded-For",
      UNRELATED: "1",
    };
    expect(authSettingsFromEnv(env)).toEqual({
      rateLimits: { tokenRefresh: 100000, signInSignUps: 60, tokenVerifications: 2.5 },
      rateLimitHeader: "X-Forwarded-For",
    });
  });

  it("refuses a rate that is not a number ≥ 0, naming the variable", () => {
    expect(() => authSettingsFromEnv({ GOTRUE_RATE_LIMIT_OTP: "lots" })).toThrow('GOTRUE_RATE_LIMIT_OTP must be a number ≥ 0, got "lots"');
    expect(() => authSettingsFromEnv({ GOTRUE_RATE_LIMIT_VERIFY: "-1" })).toThrow(/GOTRUE_RATE_LIMIT_VERIFY/);
  });
});
