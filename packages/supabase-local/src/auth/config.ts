// The auth service's settings: what the caller passes to startAuth, and the fixed choices a
// `supabase start` project makes by default (email sign-ups confirmed at once, no phone or
// anonymous sign-ins, passwords of at least 6 characters).
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { publicJwk, type PublicJwk, type SigningJwk } from "../keys";
import { resolveRateLimits, type Limiters, type RateLimitSettings } from "./rate-limits";

export interface AuthOptions {
  port: number;
  /** Interface to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Postgres connection string; the stack uses the role supabase_auth_admin, owner of `auth`. */
  databaseUrl: string;
  /** HS256 secret shared with PostgREST; signs the anon and service-role keys; verifies legacy tokens. */
  jwtSecret: string;
  /**
   * The asymmetric key access tokens are signed with (GoTrue's JWT_KEYS), published at
   * /.well-known/jwks.json. Without one, access tokens are HS256 with the secret (legacy projects).
   */
  signingKey?: SigningJwk;
  /** Lifetime of access tokens (GoTrue's JWT_EXP); 3600 unless told otherwise. */
  jwtExpirySeconds?: number;
  /** The `iss` claim of access tokens, e.g. http://127.0.0.1:54321/auth/v1. */
  issuer: string;
  siteUrl?: string;
  /** How long a rotated refresh token may still be used (GoTrue's REFRESH_TOKEN_REUSE_INTERVAL); 10. */
  refreshTokenReuseIntervalSeconds?: number;
  /** Per-IP rate limits, `[auth.rate_limit]` of supabase/config.toml; the CLI's defaults unless told otherwise. */
  rateLimits?: Partial<RateLimitSettings>;
  /**
   * The header that names the caller's IP for the rate limits (GoTrue's RATE_LIMIT_HEADER), e.g.
   * X-Forwarded-For behind a proxy that sets it. Without one, forwarded headers are ignored and the
   * limits key on the connection's address.
   */
  rateLimitHeader?: string;
}

/** The signing key, ready for jose. */
export interface SigningKey {
  kid: string;
  alg: "ES256";
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** what /.well-known/jwks.json publishes */
  publicJwk: PublicJwk;
}

function loadSigningKey(jwk: SigningJwk): SigningKey {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || jwk.alg !== "ES256" || !jwk.kid || !jwk.d) {
    throw new Error("the auth service's signing key must be an ES256 (EC P-256) private JWK with a kid");
  }
  return {
    kid: jwk.kid,
    alg: jwk.alg,
    privateKey: createPrivateKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }, format: "jwk" }),
    publicKey: createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: "jwk" }),
    publicJwk: publicJwk(jwk),
  };
}

export interface AuthConfig {
  host: string;
  port: number;
  databaseUrl: string;
  jwtSecret: Uint8Array;
  signingKey: SigningKey | null;
  jwtExpirySeconds: number;
  issuer: string;
  siteUrl: string;
  refreshTokenReuseIntervalSeconds: number;
  /** The audience of users and access tokens (GoTrue's JWT_AUD). */
  audience: string;
  /** The role new users get (GoTrue's JWT_DEFAULT_GROUP_NAME). */
  defaultRole: string;
  /** JWT roles allowed to call /admin (GoTrue's JWT_ADMIN_ROLES). */
  adminRoles: readonly string[];
  passwordMinLength: number;
  rateLimits: RateLimitSettings;
  /** null: limits key on the connection's address */
  rateLimitHeader: string | null;
}

export function resolveConfig(options: AuthOptions): AuthConfig {
  if (options.jwtSecret.length < 32) throw new Error("the auth service needs a JWT secret of at least 32 characters");
  const reuse = options.refreshTokenReuseIntervalSeconds ?? 10;
  const expiry = options.jwtExpirySeconds ?? 3600;
  if (!Number.isInteger(reuse) || reuse < 0) throw new Error("refreshTokenReuseIntervalSeconds must be a whole number ≥ 0");
  if (!Number.isInteger(expiry) || expiry <= 0) throw new Error("jwtExpirySeconds must be a whole number > 0");
  return {
    host: options.host ?? "127.0.0.1",
    port: options.port,
    databaseUrl: options.databaseUrl,
    jwtSecret: new TextEncoder().encode(options.jwtSecret),
    signingKey: options.signingKey ? loadSigningKey(options.signingKey) : null,
    jwtExpirySeconds: expiry,
    issuer: options.issuer,
    siteUrl: options.siteUrl ?? "http://127.0.0.1:3000",
    refreshTokenReuseIntervalSeconds: reuse,
    audience: "authenticated",
    defaultRole: "authenticated",
    adminRoles: ["service_role", "supabase_admin"],
    passwordMinLength: 6,
    rateLimits: resolveRateLimits(options.rateLimits),
    rateLimitHeader: options.rateLimitHeader?.trim() || null,
  };
}

/** What every handler works with. */
export interface Service {
  config: AuthConfig;
  pool: import("pg").Pool;
  /** the rate limiters' buckets, one set per running service */
  limiters: Limiters;
}
