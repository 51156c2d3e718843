// GoTrue's per-IP rate limits (internal/api/apilimiter and middleware.go's limitHandler), as
// middleware for the route table: each limiter is a set of token buckets keyed by the caller's
// address, refilled over 5 minutes at the rate `[auth.rate_limit]` of supabase/config.toml sets,
// 30 requests at once at most, a bucket kept an hour. Over the limit: 429 over_request_rate_limit.
import { errors } from "./errors";
import type { Middleware, Request } from "./http";
import { keyedTokenBuckets, type KeyedTokenBuckets, type TokenBucketOptions } from "./token-bucket";

/** The limits of `[auth.rate_limit]` (supabase/config.toml) that apply to what this service serves. */
export interface RateLimitSettings {
  /** `token_refresh` (GoTrue's RATE_LIMIT_TOKEN_REFRESH): POST /token, every grant (sign-ins too), per 5 minutes. */
  tokenRefresh: number;
  /** `sign_in_sign_ups` (GoTrue's RATE_LIMIT_OTP): POST /signup and PUT /user, per 5 minutes. */
  signInSignUps: number;
  /** `token_verifications` (GoTrue's RATE_LIMIT_VERIFY): GET and POST /verify, per 5 minutes. */
  tokenVerifications: number;
}

/** The Supabase CLI's defaults (pkg/config/templates/config.toml), which are also GoTrue's. */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = { tokenRefresh: 150, signInSignUps: 30, tokenVerifications: 30 };

const FIVE_MINUTES_S = 5 * 60;
const HOUR_MS = 60 * 60 * 1000;
/** tollbooth's SetBurst(30), the same for every limiter here */
const BURST = 30;

/** The limiters GoTrue keeps (apilimiter.Limiter), each with buckets of its own. */
export interface Limiters {
  /** POST /token */
  token: KeyedTokenBuckets;
  /** POST /signup (not anonymous) */
  signups: KeyedTokenBuckets;
  /** PUT /user */
  user: KeyedTokenBuckets;
  /** /verify */
  verify: KeyedTokenBuckets;
}

export function createLimiters(settings: RateLimitSettings, now?: TokenBucketOptions["now"]): Limiters {
  // GoTrue's newLimiterPer5mOver1h
  const per5mOver1h = (rate: number) => keyedTokenBuckets({ perSecond: rate / FIVE_MINUTES_S, burst: BURST, ttlMs: HOUR_MS, now });
  return {
    token: per5mOver1h(settings.tokenRefresh),
    signups: per5mOver1h(settings.signInSignUps),
    user: per5mOver1h(settings.signInSignUps),
    verify: per5mOver1h(settings.tokenVerifications),
  };
}

/** The settings with the defaults filled in; a rate that is not a number ≥ 0 is refused. */
export function resolveRateLimits(given: Partial<RateLimitSettings> = {}): RateLimitSettings {
  const settings = { ...DEFAULT_RATE_LIMITS, ...given };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`the rate limit ${name} must be a number ≥ 0 (got ${value})`);
  }
  return settings;
}

function headerValue(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Whose bucket a request takes from. With a rate-limit header configured (GoTrue's
 * RATE_LIMIT_HEADER, e.g. X-Forwarded-For set by a proxy the project trusts), the first value of
 * that header; otherwise, and when the request lacks it, the address of the connection: a
 * forwarded header nobody vouches for is ignored.
 */
export function rateLimitKey(rateLimitHeader: string | null, req: Request): string {
  const forwarded = rateLimitHeader ? headerValue(req, rateLimitHeader)?.split(",")[0]?.trim() : undefined;
  return forwarded || (req.remoteAddress ?? "unknown");
}

/**
 * A route's rate limit: takes a token from the caller's bucket of `limiter`, or refuses with 429.
 * `appliesTo` leaves out requests GoTrue refuses before it limits (an unknown grant type, ...).
 */
export function rateLimited(limiter: keyof Limiters, appliesTo?: (req: Request) => Promise<boolean> | boolean): Middleware {
  return async ({ config, limiters }, req) => {
    if (appliesTo && !(await appliesTo(req))) return {};
    if (!limiters[limiter].take(rateLimitKey(config.rateLimitHeader, req))) throw errors.overRequestRateLimit();
    return {};
  };
}
