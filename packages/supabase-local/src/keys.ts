// The stack's keys, generated once per state folder (`keys.json`, mode 600, never committed):
// - a JWT secret: the anon and service-role API keys are HS256 JWTs signed with it (legacy keys,
//   still what the app sends as `apikey`);
// - an EC P-256 signing key (ES256, with a kid): auth signs user access tokens with it and
//   publishes its public half at /auth/v1/.well-known/jwks.json, as hosted Supabase does.
// Every service accepts both kinds of token. The private key stays in keys.json and the stack's
// own processes.
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** The private signing key as a JWK, in the shape `supabase gen signing-key` writes (GoTrue's JWT_KEYS). */
export interface SigningJwk {
  kty: "EC";
  kid: string;
  use: "sig";
  key_ops: ["sign", "verify"];
  alg: "ES256";
  ext: true;
  crv: "P-256";
  x: string;
  y: string;
  d: string;
}

/** The public half, as GoTrue publishes it: no `d`, key_ops only "verify". */
export type PublicJwk = Omit<SigningJwk, "d" | "key_ops"> & { key_ops: ["verify"] };

export interface StackKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  signingKey: SigningJwk;
}

const TEN_YEARS = 10 * 365 * 24 * 3600;

export async function apiKey(role: "anon" | "service_role", jwtSecret: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("supabase-demo")
    .setIssuedAt(iat)
    .setExpirationTime(iat + TEN_YEARS)
    .sign(new TextEncoder().encode(jwtSecret));
}

export async function generateSigningKey(kid: string = randomUUID()): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const { crv, x, y, d } = await exportJWK(privateKey);
  if (crv !== "P-256" || !x || !y || !d) throw new Error("jose exported an unexpected EC key");
  return { kty: "EC", kid, use: "sig", key_ops: ["sign", "verify"], alg: "ES256", ext: true, crv, x, y, d };
}

/** The public JWK of a signing key: only the public members (GoTrue's jwk.PublicKeyOf, key_ops verify). */
export function publicJwk(key: SigningJwk): PublicJwk {
  const { alg, crv, ext, kid, kty, use, x, y } = key;
  // members in the order GoTrue (lestrrat-go/jwx) writes them: alphabetical
  return { alg, crv, ext, key_ops: ["verify"], kid, kty, use, x, y };
}

/**
 * What the CLI gives PostgREST (and realtime) as PGRST_JWT_SECRET: a JWKS with the public signing
 * key and the legacy secret as an `oct` key, so user tokens and the API keys both verify.
 */
export function verificationJwks(keys: Pick<StackKeys, "jwtSecret" | "signingKey">): {
  keys: Array<PublicJwk | { kty: "oct"; k: string }>;
} {
  return { keys: [publicJwk(keys.signingKey), { kty: "oct", k: Buffer.from(keys.jwtSecret, "utf8").toString("base64url") }] };
}

export async function generateKeys(): Promise<StackKeys> {
  const jwtSecret = randomBytes(30).toString("base64url"); // 40 characters
  return {
    jwtSecret,
    anonKey: await apiKey("anon", jwtSecret),
    serviceRoleKey: await apiKey("service_role", jwtSecret),
    signingKey: await generateSigningKey(),
  };
}

function writeKeys(file: string, keys: StackKeys): void {
  // write aside and rename, so a reader never sees half a file
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** The keys of `stateDir`, created on first use; a keys.json from before signing keys gains one. */
export async function loadOrCreateKeys(stateDir: string): Promise<StackKeys> {
  const file = join(stateDir, "keys.json");
  if (!existsSync(file)) {
    writeKeys(file, await generateKeys());
  } else {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Omit<StackKeys, "signingKey"> & { signingKey?: SigningJwk };
    if (!stored.signingKey) writeKeys(file, { ...stored, signingKey: await generateSigningKey() });
  }
  // read back what is on disk: with two starts at once, both use the file's key
  return JSON.parse(readFileSync(file, "utf8")) as StackKeys;
}
