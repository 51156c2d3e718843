// /auth/v1/admin/users: user management with an admin token (the service-role key; routes.ts puts
// requireAdmin in front), as GoTrue's admin.go does it, with its loadUser middleware for /:id.
import { randomBytes } from "node:crypto";
import type { Service } from "../config";
import { isUniqueViolation, transaction } from "../db";
import { errors } from "../errors";
import { json, type Middleware, type Request, type Reply } from "../http";
import { hashPassword, isBcryptHash } from "../passwords";
import { logout } from "../sessions";
import {
  deleteUser,
  emailTaken,
  findUserById,
  insertIdentity,
  insertUser,
  listUsers,
  mergeMetadata,
  phoneTaken,
  softDeleteUser,
  updateIdentityData,
  updateUser,
  userJson,
  type UserWithIdentities,
} from "../users";
import {
  adminDeleteBody,
  adminUserBody,
  checkPasswordStrength,
  MAX_PASSWORD_BYTES,
  NIL_UUID,
  parseBody,
  parseGoDuration,
  UUID,
  validateEmail,
  validatePhone,
  type JsonObject,
} from "../validation";

/** What loadUser establishes: the user the path names. */
export interface LoadedUser {
  user: UserWithIdentities;
}

/** GoTrue's loadUser middleware: the :id of the path, 404 when it is not a UUID or not a user. */
export const loadUser: Middleware<LoadedUser> = async ({ pool }, req) => {
  const id = req.params.id ?? "";
  if (!UUID.test(id)) throw errors.userIdNotUuid();
  const user = await findUserById(pool, id);
  if (!user) throw errors.userNotFound();
  return { user };
};

function parseCount(value: string | null, fallback: number): number {
  if (value === null || value === "") return fallback;
  if (!/^\d+$/.test(value)) throw errors.badPagination(`strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value) || fallback;
}

function bannedUntil(banDuration: string | undefined): Date | null | undefined {
  if (banDuration === undefined || banDuration === "") return undefined;
  if (banDuration === "none") return null;
  const ms = parseGoDuration(banDuration);
  return ms === 0 ? null : new Date(Date.now() + ms);
}

export async function adminListUsers(service: Service, req: Request): Promise<Reply> {
  const page = parseCount(req.query.get("page"), 1);
  const perPage = parseCount(req.query.get("per_page"), 50);
  const sort = req.query.get("sort");
  const sortMatch = sort ? /^created_at(?:\s+(asc|desc))?$/i.exec(sort.trim()) : null;
  if (sort && !sortMatch) throw errors.badSort(`${JSON.stringify(sort)} is not a sortable field`);

  const aud = service.config.audience;
  const { users, total } = await listUsers(service.pool, {
    aud,
    page,
    perPage,
    filter: req.query.get("filter") || undefined,
    ascending: sortMatch?.[1]?.toLowerCase() === "asc",
  });

  // GoTrue's pagination headers: a link to the next page (if any) and to the last one
  const lastPage = Math.ceil(total / perPage);
  const link = (n: number) => {
    const query = new URLSearchParams(req.query);
    query.set("page", String(n));
    query.sort();
    return `<${req.path}?${query.toString()}>`;
  };
  const links = [...(lastPage > page ? [`${link(page + 1)}; rel="next"`] : []), `${link(lastPage)}; rel="last"`];
  return json({ users: users.map(userJson), aud }, 200, { Link: links.join(", "), "X-Total-Count": String(total) });
}

export async function adminCreateUser({ config, pool }: Service, req: Request): Promise<Reply> {
  const body = await parseBody(req, adminUserBody);
  const aud = body.aud || config.audience;
  if (!body.email && !body.phone) throw errors.userWithoutEmailOrPhone();

  const providers: string[] = [];
  let email: string | null = null;
  let phone: string | null = null;
  if (body.email) {
    email = validateEmail(body.email);
    if (await emailTaken(pool, email, aud)) throw errors.emailExists();
    providers.push("email");
  }
  if (body.phone) {
    phone = validatePhone(body.phone);
    if (await phoneTaken(pool, phone)) throw errors.phoneExists("Phone number already registered by another user");
    providers.push("phone");
  }
  if (body.password !== undefined && body.password_hash) throw errors.passwordAndHash();

  let passwordHash: string;
  if (body.password_hash) {
    if (!isBcryptHash(body.password_hash)) throw errors.badPasswordHash();
    passwordHash = body.password_hash;
  } else {
    // no password: a random one nobody knows (the user signs in after an admin sets one)
    const password = body.password || randomBytes(48).toString("base64url");
    if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw errors.validation("bcrypt: password length exceeds 72 bytes");
    passwordHash = await hashPassword(password);
  }

  if (body.id !== undefined && body.id !== "") {
    if (!UUID.test(body.id)) throw errors.customIdNotUuid();
    if (body.id === NIL_UUID) throw errors.nilCustomId();
  }
  const banned = bannedUntil(body.ban_duration);
  const userMetadata: JsonObject = { ...(body.user_metadata ?? {}), ...(body.email_confirm ? { email_verified: true } : {}) };

  try {
    const user = await transaction(pool, async (db) => {
      const id = await insertUser(db, {
        id: body.id || undefined,
        aud,
        role: body.role || config.defaultRole,
        email,
        phone,
        passwordHash,
        userMetadata,
        appMetadata: mergeMetadata({ provider: providers[0], providers }, body.app_metadata ?? {}),
        emailConfirmed: body.email_confirm ?? false,
        phoneConfirmed: body.phone_confirm ?? false,
        bannedUntil: banned ?? null,
      });
      return findUserById(db, id);
    });
    return json(userJson(user!));
  } catch (error) {
    if (isUniqueViolation(error, "users_pkey")) throw errors.idExists();
    if (isUniqueViolation(error))
      throw phone && !email ? errors.phoneExists("Phone number already registered by another user") : errors.emailExists();
    throw error;
  }
}

export async function adminGetUser(_service: Service, _req: Request, { user }: LoadedUser): Promise<Reply> {
  return json(userJson(user));
}

export async function adminUpdateUser({ config, pool }: Service, req: Request, { user }: LoadedUser): Promise<Reply> {
  const body = await parseBody(req, adminUserBody);
  const id = user.row.id;

  const email = body.email ? validateEmail(body.email) : undefined;
  if (email && (await emailTaken(pool, email, user.row.aud ?? config.audience, id))) throw errors.emailExists();
  const phone = body.phone ? validatePhone(body.phone) : undefined;
  if (phone && (await phoneTaken(pool, phone, id))) throw errors.phoneExists("Phone number already registered by another user");
  const banned = bannedUntil(body.ban_duration);
  let passwordHash: string | undefined;
  if (body.password !== undefined) {
    checkPasswordStrength(body.password, config.passwordMinLength);
    passwordHash = await hashPassword(body.password);
  }

  try {
    const updated = await transaction(pool, async (db) => {
      const current = (await findUserById(db, id, { forUpdate: true }))?.row;
      if (!current) throw errors.userNotFound();
      let userMetadata = current.raw_user_meta_data;
      if (body.email_confirm) userMetadata = mergeMetadata(userMetadata, { email_verified: true });
      if (body.user_metadata) userMetadata = mergeMetadata(userMetadata, body.user_metadata);

      if (email) {
        const verified = body.email_confirm ?? false;
        const updatedIdentity = await updateIdentityData(db, id, "email", { email, email_verified: verified });
        if (!updatedIdentity) await insertIdentity(db, id, "email", { sub: id, email, email_verified: verified, phone_verified: false });
      }
      if (phone) {
        const verified = body.phone_confirm ?? false;
        const updatedIdentity = await updateIdentityData(db, id, "phone", { phone, phone_verified: verified });
        if (!updatedIdentity) await insertIdentity(db, id, "phone", { sub: id, phone, email_verified: false, phone_verified: verified });
      }

      await updateUser(db, id, {
        role: body.role || undefined,
        email,
        phone,
        email_confirmed_at: body.email_confirm ? new Date() : undefined,
        phone_confirmed_at: body.phone_confirm ? new Date() : undefined,
        is_anonymous: current.is_anonymous && ((email && body.email_confirm) || (phone && body.phone_confirm)) ? false : undefined,
        encrypted_password: passwordHash,
        raw_app_meta_data: body.app_metadata ? mergeMetadata(current.raw_app_meta_data, body.app_metadata) : undefined,
        raw_user_meta_data: userMetadata !== current.raw_user_meta_data ? userMetadata : undefined,
        banned_until: banned,
      });
      // a password set by an admin ends all of the user's sessions
      if (passwordHash) await logout(db, "global", id, null);
      return findUserById(db, id);
    });
    return json(userJson(updated!));
  } catch (error) {
    if (isUniqueViolation(error))
      throw email ? errors.emailExists() : errors.phoneExists("Phone number already registered by another user");
    throw error;
  }
}

export async function adminDeleteUser({ pool }: Service, req: Request, { user }: LoadedUser): Promise<Reply> {
  const body = await parseBody(req, adminDeleteBody, { optional: true });
  await transaction(pool, async (db) => {
    if (!body.should_soft_delete) await deleteUser(db, user.row.id);
    else if (!user.row.deleted_at) await softDeleteUser(db, user.row);
  });
  return json({});
}
