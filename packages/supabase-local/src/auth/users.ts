// auth.users and auth.identities: the queries the handlers need, and the user object as GoTrue
// serializes it (models.User, with omitempty fields left out when empty).
import { createHash, randomUUID } from "node:crypto";
import type { Db } from "./db";
import { NIL_UUID, type JsonObject } from "./validation";

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: JsonObject | null;
  raw_user_meta_data: JsonObject | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  reauthentication_sent_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: JsonObject;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

export interface UserWithIdentities {
  row: UserRow;
  identities: IdentityRow[];
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
const nonEmpty = (s: string | null | undefined) => (s ? s : undefined);

/** Whether a ban is in force now (GoTrue's User.IsBanned). */
export const isBanned = (row: UserRow) => row.banned_until !== null && row.banned_until.getTime() > Date.now();

export function identityJson(i: IdentityRow): JsonObject {
  return {
    identity_id: i.id,
    id: i.provider_id,
    user_id: i.user_id,
    identity_data: i.identity_data,
    provider: i.provider,
    last_sign_in_at: iso(i.last_sign_in_at),
    created_at: iso(i.created_at),
    updated_at: iso(i.updated_at),
    email: nonEmpty(i.email),
  };
}

/** The user object of GoTrue's responses; undefined fields are dropped by JSON.stringify. */
export function userJson({ row, identities }: UserWithIdentities): JsonObject {
  return {
    id: row.id,
    aud: row.aud ?? "",
    role: row.role ?? "",
    email: row.email ?? "",
    email_confirmed_at: iso(row.email_confirmed_at),
    invited_at: iso(row.invited_at),
    phone: row.phone ?? "",
    phone_confirmed_at: iso(row.phone_confirmed_at),
    confirmation_sent_at: iso(row.confirmation_sent_at),
    confirmed_at: iso(row.confirmed_at),
    recovery_sent_at: iso(row.recovery_sent_at),
    new_email: nonEmpty(row.email_change),
    email_change_sent_at: iso(row.email_change_sent_at),
    new_phone: nonEmpty(row.phone_change),
    phone_change_sent_at: iso(row.phone_change_sent_at),
    reauthentication_sent_at: iso(row.reauthentication_sent_at),
    last_sign_in_at: iso(row.last_sign_in_at),
    app_metadata: row.raw_app_meta_data ?? {},
    user_metadata: row.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(row.created_at) ?? new Date(0).toISOString(),
    updated_at: iso(row.updated_at) ?? new Date(0).toISOString(),
    banned_until: iso(row.banned_until),
    deleted_at: iso(row.deleted_at),
    is_anonymous: row.is_anonymous,
  };
}

async function identitiesOf(db: Db, userIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const byUser = new Map<string, IdentityRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const { rows } = await db.query<IdentityRow>("select * from auth.identities where user_id = any($1::uuid[]) order by created_at, id", [
    userIds,
  ]);
  for (const row of rows) byUser.get(row.user_id)?.push(row);
  return byUser;
}

async function withIdentities(db: Db, row: UserRow | undefined): Promise<UserWithIdentities | null> {
  if (!row) return null;
  const identities = (await identitiesOf(db, [row.id])).get(row.id) ?? [];
  return { row, identities };
}

export async function findUserById(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<UserWithIdentities | null> {
  const { rows } = await db.query<UserRow>(`select * from auth.users where id = $1${options.forUpdate ? " for update" : ""}`, [id]);
  return withIdentities(db, rows[0]);
}

/** GoTrue's FindUserByEmailAndAudience: case-insensitive, SSO users excluded. */
export async function findUserByEmail(db: Db, email: string, aud: string): Promise<UserWithIdentities | null> {
  const { rows } = await db.query<UserRow>(
    "select * from auth.users where lower(email) = lower($1) and aud = $2 and is_sso_user = false limit 1",
    [email, aud],
  );
  return withIdentities(db, rows[0]);
}

export async function emailTaken(db: Db, email: string, aud: string, exceptUserId?: string): Promise<boolean> {
  const { rows } = await db.query(
    "select 1 from auth.users where lower(email) = lower($1) and aud = $2 and is_sso_user = false and id is distinct from $3::uuid limit 1",
    [email, aud, exceptUserId ?? null],
  );
  return rows.length > 0;
}

export async function phoneTaken(db: Db, phone: string, exceptUserId?: string): Promise<boolean> {
  const { rows } = await db.query("select 1 from auth.users where phone = $1 and id is distinct from $2::uuid limit 1", [
    phone,
    exceptUserId ?? null,
  ]);
  return rows.length > 0;
}

export interface NewUser {
  id?: string;
  aud: string;
  role: string;
  email: string | null;
  phone: string | null;
  passwordHash: string;
  userMetadata: JsonObject;
  appMetadata: JsonObject;
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  bannedUntil?: Date | null;
}

/**
 * Inserts a user (firing the database's own triggers, e.g. the one that creates a profile) and
 * an identity per sign-in method, with GoTrue's identity_data: sub, email or phone, and the
 * *_verified flags (false: GoTrue fills them from the provider's claims, which say nothing).
 */
export async function insertUser(db: Db, user: NewUser, extraIdentityData: JsonObject = {}): Promise<string> {
  const id = user.id ?? randomUUID();
  await db.query(
    `insert into auth.users (
       instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, banned_until, created_at, updated_at,
       confirmation_token, recovery_token, email_change_token_new, email_change
     ) values (
       $1, $2, $3, $4, $5, $6, $7, case when $8 then now() end, case when $9 then now() end,
       $10, $11, $12, now(), now(), '', '', '', ''
     )`,
    [
      NIL_UUID,
      id,
      user.aud,
      user.role,
      user.email,
      user.phone,
      user.passwordHash,
      user.emailConfirmed,
      user.phoneConfirmed,
      JSON.stringify(user.appMetadata),
      JSON.stringify(user.userMetadata),
      user.bannedUntil ?? null,
    ],
  );
  if (user.email) {
    const claims = { sub: id, email: user.email, email_verified: false, phone_verified: false };
    // sign-up data joins the identity's data where it does not collide with the claims
    await insertIdentity(db, id, "email", { ...omitKeys(extraIdentityData, Object.keys(claims)), ...claims });
  }
  if (user.phone) {
    await insertIdentity(db, id, "phone", { sub: id, phone: user.phone, email_verified: false, phone_verified: false });
  }
  return id;
}

function omitKeys(data: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k)));
}

export async function insertIdentity(db: Db, userId: string, provider: string, identityData: JsonObject): Promise<void> {
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, now(), now(), now())`,
    [userId, userId, JSON.stringify(identityData), provider],
  );
}

/** Merges `updates` into an identity's identity_data (GoTrue's Identity.UpdateIdentityData). */
export async function updateIdentityData(db: Db, userId: string, provider: string, updates: JsonObject): Promise<boolean> {
  const res = await db.query(
    "update auth.identities set identity_data = identity_data || $3::jsonb, updated_at = now() where user_id = $1 and provider = $2",
    [userId, provider, JSON.stringify(updates)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** GoTrue's UpdateUserMetaData / UpdateAppMetaData: set each key, delete the keys given as null. */
export function mergeMetadata(current: JsonObject | null, updates: JsonObject): JsonObject {
  const merged: JsonObject = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

type UserColumn =
  | "raw_user_meta_data"
  | "raw_app_meta_data"
  | "encrypted_password"
  | "email"
  | "phone"
  | "role"
  | "email_confirmed_at"
  | "phone_confirmed_at"
  | "banned_until"
  | "last_sign_in_at"
  | "deleted_at"
  | "is_anonymous";

/** Updates the given columns (and updated_at, as pop's UpdateOnly does). */
export async function updateUser(db: Db, id: string, values: Partial<Record<UserColumn, unknown>>): Promise<void> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
  const params = entries.map(([column, value]) =>
    (column === "raw_user_meta_data" || column === "raw_app_meta_data") && value !== null ? JSON.stringify(value) : value,
  );
  await db.query(`update auth.users set ${sets.join(", ")}, updated_at = now() where id = $1`, [id, ...params]);
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await db.query("delete from auth.users where id = $1", [id]);
}

/** GoTrue's soft delete: the row stays, with email and phone obfuscated, no password and no metadata. */
export async function softDeleteUser(db: Db, row: UserRow): Promise<void> {
  const obfuscate = (value: string) =>
    createHash("sha256")
      .update(row.id + value)
      .digest("base64url");
  await db.query(
    `update auth.users set email = $2, phone = $3, encrypted_password = null, email_change = $4, phone_change = $5,
       confirmation_token = '', recovery_token = '', email_change_token_current = '', email_change_token_new = '',
       phone_change_token = '', raw_user_meta_data = '{}', raw_app_meta_data = '{}', deleted_at = now(), updated_at = now()
     where id = $1`,
    [
      row.id,
      obfuscate(row.email ?? ""),
      obfuscate(row.phone ?? "").slice(0, 15),
      obfuscate(row.email_change ?? ""),
      obfuscate(row.phone_change ?? "").slice(0, 15),
    ],
  );
  const { rows: identities } = await db.query<IdentityRow>("select * from auth.identities where user_id = $1", [row.id]);
  for (const identity of identities) {
    await db.query("update auth.identities set identity_data = '{}', provider_id = $2, updated_at = now() where id = $1", [
      identity.id,
      obfuscate(`${identity.provider}:${identity.provider_id}`),
    ]);
  }
  await db.query("delete from auth.sessions where user_id = $1", [row.id]);
}

export interface UserPage {
  users: UserWithIdentities[];
  total: number;
}

/** GoTrue's FindUsersInAudience with page/per_page: newest first, optional substring filter. */
export async function listUsers(
  db: Db,
  options: { aud: string; page: number; perPage: number; filter?: string; ascending?: boolean },
): Promise<UserPage> {
  const where = "aud = $1 and ($2::text is null or email like $2 or raw_user_meta_data ->> 'full_name' ilike $2)";
  const filter = options.filter ? `%${options.filter}%` : null;
  const { rows: counted } = await db.query<{ count: string }>(`select count(*) from auth.users where ${where}`, [options.aud, filter]);
  const { rows } = await db.query<UserRow>(
    `select * from auth.users where ${where} order by created_at ${options.ascending ? "asc" : "desc"}, id limit $3 offset $4`,
    [options.aud, filter, options.perPage, (options.page - 1) * options.perPage],
  );
  const identities = await identitiesOf(
    db,
    rows.map((r) => r.id),
  );
  return { users: rows.map((row) => ({ row, identities: identities.get(row.id) ?? [] })), total: Number(counted[0]?.count ?? 0) };
}
