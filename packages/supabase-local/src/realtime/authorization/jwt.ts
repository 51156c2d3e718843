// Access-token checks as Realtime makes them (RealtimeWeb.JwtVerification and
// ChannelsAuthorization.authorize_conn): a signature made with one of the project's keys, `exp` in
// the future, `iat` a number when present, and both `role` and `exp` present. The keys are what
// PostgREST's jwt-secret holds: the plain secret, or a JWKS (realtime's API_JWT_JWKS). A token
// naming a kid is checked with that key (ES256 for EC P-256, RS256 for RSA, HS* for oct); an HS*
// token without a kid (or with an unknown one) with the secret; anything else has no signer.
// Results are values; the callers turn them into replies, system messages or HTTP statuses.
import { createPublicKey, type KeyObject } from "node:crypto";
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

interface Key {
  /** the algorithms a token signed with this key may name */
  algorithms: ReadonlySet<string>;
  key: KeyObject | Uint8Array;
}

interface KeySet {
  /** the HMAC secret for tokens without a (known) kid: the plain secret, or the JWKS's oct key */
  secret: Uint8Array | null;
  byKid: Map<string, Key>;
}

interface Jwk {
  kty?: unknown;
  kid?: unknown;
  k?: unknown;
  crv?: unknown;
}

function keyOf(jwk: Jwk): Key | null {
  if (jwk.kty === "oct" && typeof jwk.k === "string") return { algorithms: HMAC_ALGORITHMS, key: Buffer.from(jwk.k, "base64url") };
  if (jwk.kty === "EC" && jwk.crv === "P-256")
    return { algorithms: new Set(["ES256"]), key: createPublicKey({ key: publicMembers(jwk), format: "jwk" }) };
  if (jwk.kty === "RSA") return { algorithms: new Set(["RS256"]), key: createPublicKey({ key: publicMembers(jwk), format: "jwk" }) };
  return null;
}

/** node's JWK import wants no private or metadata members on a public key */
function publicMembers(jwk: Jwk): { kty: string } & Record<string, string> {
  const { kty, crv, x, y, n, e } = jwk as Record<string, unknown>;
  const members = Object.entries({ kty, crv, x, y, n, e }).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return Object.fromEntries(members) as { kty: string } & Record<string, string>;
}

/** A plain secret, or a JWKS as JSON (`{"keys":[...]}`). */
export function parseKeys(secretOrJwks: string): KeySet {
  if (!secretOrJwks.trimStart().startsWith("{")) return { secret: new TextEncoder().encode(secretOrJwks), byKid: new Map() };
  const parsed = JSON.parse(secretOrJwks) as { keys?: unknown };
  if (!Array.isArray(parsed.keys)) throw new Error("realtime: a JWKS needs a `keys` array");
  const set: KeySet = { secret: null, byKid: new Map() };
  for (const jwk of parsed.keys as Jwk[]) {
    const key = keyOf(jwk);
    if (!key) continue;
    if (typeof jwk.kid === "string") set.byKid.set(jwk.kid, key);
    else if (jwk.kty === "oct" && key.key instanceof Uint8Array) set.secret ??= key.key;
  }
  return set;
}

function signerFor(keys: KeySet, alg: string, kid: unknown): KeyObject | Uint8Array | null {
  const named = typeof kid === "string" ? keys.byKid.get(kid) : undefined;
  if (named) return named.algorithms.has(alg) ? named.key : null;
  return HMAC_ALGORITHMS.has(alg) ? keys.secret : null;
}

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

/** `secretOrJwks`: the project's JWT secret, or a JWKS as JSON (see parseKeys). */
export function createTokenVerifier(secretOrJwks: string): TokenVerifier {
  const keys = parseKeys(secretOrJwks);
  return async (rawToken) => {
    const token = cleanToken(rawToken);
    let alg: unknown;
    let kid: unknown;
    try {
      ({ alg, kid } = decodeProtectedHeader(token));
    } catch {
      return { ok: false, error: { kind: "malformed" } };
    }
    if (typeof alg !== "string") return { ok: false, error: { kind: "signer" } };
    const key = signerFor(keys, alg, kid);
    if (!key) return { ok: false, error: { kind: "signer" } };
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
