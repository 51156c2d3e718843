// Access-token checks as Realtime makes them (RealtimeWeb.JwtVerification and
// ChannelsAuthorization.authorize_conn): an HS256/384/512 signature made with the project's JWT
// secret, `exp` in the future, `iat` a number when present, and both `role` and `exp` present.
// Results are values; the callers turn them into replies, system messages or HTTP statuses.
import { compactVerify, decodeProtectedHeader, errors as joseErrors } from "jose";

export type Claims = Record<string, unknown> & { role: string; exp: number };

export type TokenError =
  | { kind: "malformed" }
  | { kind: "signature" }
  | { kind: "signer" }
  | { kind: "expired"; secondsAgo: number }
  | { kind: "missing_claims" }
  | { kind: "invalid_claims"; claim: string };

export type TokenResult = { ok: true; claims: Claims } | { ok: false; error: TokenError };

export type TokenVerifier = (token: string) => Promise<TokenResult>;

const HMAC_ALGORITHMS = new Set(["HS256", "HS384", "HS512"]);

/** Realtime strips whitespace and URI-decodes a token before reading it. */
function cleanToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // not URI-encoded: keep as is
  }
  return decoded.replace(/\s/g, "");
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function createTokenVerifier(jwtSecret: string): TokenVerifier {
  const key = new TextEncoder().encode(jwtSecret);
  return async (rawToken) => {
    const token = cleanToken(rawToken);
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return { ok: false, error: { kind: "malformed" } };
    }
    if (typeof alg !== "string" || !HMAC_ALGORITHMS.has(alg)) return { ok: false, error: { kind: "signer" } };
    let payloadBytes: Uint8Array;
    try {
      payloadBytes = (await compactVerify(token, key, { algorithms: [alg] })).payload;
    } catch (error) {
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, error: { kind: "signature" } };
      return { ok: false, error: { kind: "malformed" } };
    }
    let claims: unknown;
    try {
      claims = JSON.parse(new TextDecoder().decode(payloadBytes));
    } catch {
      return { ok: false, error: { kind: "malformed" } };
    }
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return { ok: false, error: { kind: "malformed" } };
    const map = { ...(claims as Record<string, unknown>) };
    const now = nowSeconds();
    if ("exp" in map) {
      if (typeof map.exp !== "number") return { ok: false, error: { kind: "invalid_claims", claim: "exp" } };
      map.exp = Math.round(map.exp);
      if (!((map.exp as number) > now)) return { ok: false, error: { kind: "expired", secondsAgo: now - (map.exp as number) } };
    }
    if ("iat" in map) {
      if (typeof map.iat !== "number") return { ok: false, error: { kind: "invalid_claims", claim: "iat" } };
      map.iat = Math.round(map.iat);
    }
    if (!("role" in map) || !("exp" in map)) return { ok: false, error: { kind: "missing_claims" } };
    if (typeof map.role !== "string") return { ok: false, error: { kind: "invalid_claims", claim: "role" } };
    return { ok: true, claims: map as Claims };
  };
}
