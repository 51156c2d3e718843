// The auth service's settings a stack takes from its environment, under GoTrue's own variable
// names (what the Supabase CLI sets from `[auth.rate_limit]` of supabase/config.toml, and what a
// self-hosted GoTrue reads): the per-IP rate limits and the header that names the caller's IP.
import type { AuthOptions } from "./config";
import type { RateLimitSettings } from "./rate-limits";

export const RATE_LIMIT_ENV = {
  tokenRefresh: "GOTRUE_RATE_LIMIT_TOKEN_REFRESH",
  signInSignUps: "GOTRUE_RATE_LIMIT_OTP",
  tokenVerifications: "GOTRUE_RATE_LIMIT_VERIFY",
} as const satisfies Record<keyof RateLimitSettings, string>;

export const RATE_LIMIT_HEADER_ENV = "GOTRUE_RATE_LIMIT_HEADER";

/** The settings `env` gives; the rest are left to the service's defaults. A rate that is not a number ≥ 0 is refused. */
export function authSettingsFromEnv(env: Record<string, string | undefined>): Pick<AuthOptions, "rateLimits" | "rateLimitHeader"> {
  const rateLimits: Partial<RateLimitSettings> = {};
  for (const [key, name] of Object.entries(RATE_LIMIT_ENV) as [keyof RateLimitSettings, string][]) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) throw new Error(`${name} must be a number ≥ 0, got "${text}"`);
    rateLimits[key] = value;
  }
  const header = env[RATE_LIMIT_HEADER_ENV]?.trim();
  return { rateLimits, ...(header ? { rateLimitHeader: header } : {}) };
}
