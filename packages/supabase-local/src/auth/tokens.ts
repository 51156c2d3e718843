// Access tokens (JWTs with GoTrue's claims, in GoTrue's order: ES256 with the signing key's kid,
// or HS256 with the secret when the service has no signing key) and refresh tokens (12 lower-case
// base32 characters, GoTrue's legacy format, which is what auth.refresh_tokens holds).
// Verification picks the key as GoTrue's parseJWTClaims does: the signing key named by `kid`,
// else the secret for HS256, else the token is unverifiable.
import { randomBytes, type KeyObject } from "node:crypto";
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import type { AuthConfig } from "./config";
import { errors } from "./errors";
import type { UserRow } from "./users";

export interface AccessTokenClaims extends JWTPayload {
  role?: string;
  email?: string;
  session_id?: string;
  is_anonymous?: boolean;
}

export interface SessionForToken {
  id: string;
  /** When the session signed in: the `amr` timestamp (GoTrue keeps it in auth.mfa_amr_claims). */
  created_at: Date;
}

export async function signAccessToken(
  config: AuthConfig,
  user: UserRow,
  session: SessionForToken,
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(Date.now() / 1000);
  const expiresAt = iat + config.jwtExpirySeconds;
  const claims = {
    iss: config.issuer,
    sub: user.id,
    aud: user.aud ?? config.audience,
    exp: expiresAt,
    iat,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "",
    aal: "aal1",
    amr: [{ method: "password", timestamp: Math.floor(session.created_at.getTime() / 1000) }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  };
  const key = config.signingKey;
  const token = key
    ? await new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey)
    : await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(config.jwtSecret);
  return { token, expiresAt };
}

/** GoTrue's key function: the key named by kid, the secret for HS256 (with or without kid), else none. */
function verificationKey(config: AuthConfig, header: ProtectedHeaderParameters): { key: KeyObject | Uint8Array; algorithm: string } {
  const signing = config.signingKey;
  if (signing && header.kid === signing.kid) return { key: signing.publicKey, algorithm: signing.alg };
  if (header.alg === "HS256") return { key: config.jwtSecret, algorithm: "HS256" };
  const kid = typeof header.kid === "string" ? header.kid : "<nil>";
  throw errors.badJwt(
    `token is unverifiable: error while executing keyfunc: unrecognized JWT kid ${kid} for algorithm ${String(header.alg)}`,
  );
}

/** Verifies signature and expiry; failures are 403 bad_jwt with golang-jwt's wording, as GoTrue says them. */
export async function verifyJwt(config: AuthConfig, token: string): Promise<AccessTokenClaims> {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw errors.badJwt(describeJwtError(error));
  }
  const { key, algorithm } = verificationKey(config, header);
  try {
    const { payload } = await jwtVerify<AccessTokenClaims>(token, key, { algorithms: [algorithm] });
    return payload;
  } catch (error) {
    throw errors.badJwt(describeJwtError(error));
  }
}

function describeJwtError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "token has invalid claims: token is expired";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "token signature is invalid: signature is invalid";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token has invalid claims: ${error.message}`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "token is unverifiable: signing method is invalid";
  return `token is malformed: ${error instanceof Error ? error.message : String(error)}`;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** GoTrue's crypto.SecureAlphanumeric(12): 60 random bits as 12 lower-case base32 characters. */
export function newRefreshToken(): string {
  const bytes = randomBytes(8);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = "";
  for (let i = 0; i < 12; i++) {
    out += BASE32[Number((bits >> BigInt(59 - 5 * i)) & 31n)];
  }
  return out;
}
