// Request bodies and the checks GoTrue applies to their values. Bodies decode like GoTrue's
// (Go's encoding/json into a struct): unknown fields are ignored, `null` means "not given", and a
// field of the wrong type, malformed JSON or an empty body is 400 bad_json.
import { z } from "zod";
import { errors } from "./errors";
import type { Request } from "./http";

/** A string field; JSON null reads as absent. */
const str = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const bool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? undefined);
const object = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => v ?? undefined);

export type JsonObject = Record<string, unknown>;

export const signupBody = z.object({
  email: str,
  phone: str,
  password: str,
  data: object,
  code_challenge: str,
  code_challenge_method: str,
});

export const verifyBody = z.object({ type: str, token: str, token_hash: str, email: str, phone: str, redirect_to: str });

export const passwordGrantBody = z.object({ email: str, phone: str, password: str });

export const refreshGrantBody = z.object({ refresh_token: str });

export const userUpdateBody = z.object({
  email: str,
  phone: str,
  password: str,
  data: object,
  app_metadata: object,
});

export const adminUserBody = z.object({
  id: str,
  aud: str,
  role: str,
  email: str,
  phone: str,
  password: str,
  password_hash: str,
  email_confirm: bool,
  phone_confirm: bool,
  user_metadata: object,
  app_metadata: object,
  ban_duration: str,
});

export const adminDeleteBody = z.object({ should_soft_delete: bool });

/** Reads and decodes the JSON body; `null` decodes as `{}`, as it does in Go. */
export async function parseBody<T extends z.ZodType>(req: Request, schema: T, options: { optional?: boolean } = {}): Promise<z.output<T>> {
  const text = await req.text();
  if (options.optional && text.trim() === "") return schema.parse({});
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw errors.badJson(text.trim() === "" ? "the request body is empty" : (error as Error).message);
  }
  if (value === null) value = {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw errors.badJson(`expected a JSON object, got ${Array.isArray(value) ? "an array" : typeof value}`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw errors.badJson(`${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return result.data;
}

// badoux/checkmail's format check, which GoTrue's validateEmail uses
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** GoTrue's validateEmail: required, at most 255 characters, well formed; returns it lower-cased. */
export function validateEmail(email: string | undefined): string {
  if (!email) throw errors.validation("An email address is required");
  if (email.length > 255) throw errors.validation("An email address is too long");
  if (!EMAIL.test(email)) throw errors.validation("Unable to validate email address: invalid format");
  return email.toLowerCase();
}

/** GoTrue's validatePhone: E.164 digits after dropping a leading + and spaces. */
export function validatePhone(phone: string): string {
  const formatted = phone.replace(/^\+/, "").replaceAll(" ", "");
  if (!/^[1-9][0-9]{1,14}$/.test(formatted)) throw errors.invalidPhone();
  return formatted;
}

export const MAX_PASSWORD_BYTES = 72;

/** GoTrue's checkPasswordStrength: the reasons a password is weak (none when it is fine). */
export function passwordWeakness(password: string, minLength: number): { message: string; reasons: string[] } | null {
  if (Buffer.byteLength(password) >= minLength) return null;
  return { message: `Password should be at least ${minLength} characters.`, reasons: ["length"] };
}

/** Throws GoTrue's errors for a password that is too long (400) or too weak (422 weak_password). */
export function checkPasswordStrength(password: string, minLength: number): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw errors.passwordTooLong(MAX_PASSWORD_BYTES);
  const weakness = passwordWeakness(password, minLength);
  if (weakness) throw errors.weakPassword(weakness.message, weakness.reasons);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration ("24h", "1h30m", "-5m"), in milliseconds. */
export function parseGoDuration(text: string): number {
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match && text !== "0") throw errors.badBanDuration(`time: invalid duration ${JSON.stringify(text)}`);
  if (text === "0") return 0;
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  }
  return match![1] === "-" ? -total : total;
}
