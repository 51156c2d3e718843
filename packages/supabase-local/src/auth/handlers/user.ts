// GET and PUT /auth/v1/user: the signed-in user (established by requireAuthentication, which
// routes.ts puts in front) reads and updates their own account.
import type { Service } from "../config";
import { transaction } from "../db";
import { errors } from "../errors";
import type { Authenticated } from "../guards";
import { json, type Request, type Reply } from "../http";
import { hashPassword, verifyPassword } from "../passwords";
import { logout } from "../sessions";
import { emailTaken, findUserById, mergeMetadata, phoneTaken, updateUser, userJson } from "../users";
import { checkPasswordStrength, parseBody, userUpdateBody, validateEmail, validatePhone } from "../validation";

export async function getUser({ config }: Service, req: Request, { caller: { claims, user } }: Authenticated): Promise<Reply> {
  const tokenAud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  const requestAud = (req.headers["x-jwt-aud"] as string | undefined) || tokenAud || config.audience;
  if (!tokenAud || requestAud !== tokenAud) throw errors.audienceMismatch();
  return json(userJson(user));
}

export async function updateOwnUser({ config, pool }: Service, req: Request, { caller: { user, session } }: Authenticated): Promise<Reply> {
  const body = await parseBody(req, userUpdateBody);
  const email = body.email ? validateEmail(body.email) : undefined;
  const phone = body.phone ? validatePhone(body.phone) : undefined;
  if (body.password !== undefined) checkPasswordStrength(body.password, config.passwordMinLength);
  // only a user whose role is GoTrue's admin group may change their own app_metadata
  if (body.app_metadata && user.row.role !== "admin") throw errors.appMetadataNeedsAdmin();

  if (email && email !== user.row.email) {
    if (await emailTaken(pool, email, config.audience, user.row.id)) throw errors.emailExists();
    throw errors.emailChangeUnsupported();
  }
  if (phone && phone !== user.row.phone) {
    if (await phoneTaken(pool, phone, user.row.id)) throw errors.phoneExists();
    throw errors.phoneChangeUnsupported();
  }

  let passwordHash: string | undefined;
  if (body.password) {
    if (await verifyPassword(body.password, user.row.encrypted_password)) throw errors.samePassword();
    passwordHash = await hashPassword(body.password);
  }

  const updated = await transaction(pool, async (db) => {
    const current = await findUserById(db, user.row.id, { forUpdate: true });
    if (!current) throw errors.jwtUserMissing();
    await updateUser(db, user.row.id, {
      encrypted_password: passwordHash,
      raw_user_meta_data: body.data ? mergeMetadata(current.row.raw_user_meta_data, body.data) : undefined,
      raw_app_meta_data: body.app_metadata ? mergeMetadata(current.row.raw_app_meta_data, body.app_metadata) : undefined,
    });
    // a new password ends every other session, so a stolen one stops working
    if (passwordHash) await logout(db, session ? "others" : "global", user.row.id, session?.id ?? null);
    return findUserById(db, user.row.id);
  });
  if (!updated) throw errors.jwtUserMissing();
  return json(userJson(updated));
}
