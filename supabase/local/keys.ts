// The stack's JWT secret and API keys, generated once per state folder and never committed: the
// anon and service-role keys are HS256 JWTs signed with the secret PostgREST and auth verify.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SignJWT } from "jose";

export interface StackKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
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

export async function generateKeys(): Promise<StackKeys> {
  const jwtSecret = randomBytes(30).toString("base64url"); // 40 characters
  return { jwtSecret, anonKey: await apiKey("anon", jwtSecret), serviceRoleKey: await apiKey("service_role", jwtSecret) };
}

/** The keys of `stateDir`, created on first use. */
export async function loadOrCreateKeys(stateDir: string): Promise<StackKeys> {
  const file = join(stateDir, "keys.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StackKeys;
  const keys = await generateKeys();
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
