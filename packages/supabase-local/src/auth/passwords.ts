// Password hashes as GoTrue stores them: bcrypt, cost 10, the `$2a$` variant Go's bcrypt writes
// (and pgcrypto's crypt() reads), so hashes made here, by GoTrue or by
// `extensions.crypt(pw, extensions.gen_salt('bf'))` in seed SQL all verify everywhere.
import bcrypt from "bcryptjs";

const COST = 10;

export async function hashPassword(password: string): Promise<string> {
  const salt = (await bcrypt.genSalt(COST)).replace(/^\$2b\$/, "$2a$");
  return bcrypt.hash(password, salt);
}

export function isBcryptHash(hash: string): boolean {
  return /^\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash);
}

/** True when `password` matches `hash`; false for a missing or non-bcrypt hash. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !isBcryptHash(hash)) return false;
  return bcrypt.compare(password, hash);
}
