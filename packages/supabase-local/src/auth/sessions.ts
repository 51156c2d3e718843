// Sessions and rotating refresh tokens, as GoTrue keeps them in auth.sessions and
// auth.refresh_tokens (its legacy 12-character tokens; `parent` links each token to the one it
// replaced, and every token of a session is one family).
//
// Refreshing follows GoTrue's RefreshTokenGrant: the token row is locked (`for update`), so two
// requests with one token are served one after the other, never both rotating it. A token already
// rotated is accepted again when its child is the session's active token (the client lost the
// answer, or a second tab raced the first: both get the active token), or within the reuse
// interval after it was revoked (it gets a new child). Any other reuse revokes every token of the
// session and answers refresh_token_already_used.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { AuthConfig } from "./config";
import { retryOnDeadlock, transaction, type Db } from "./db";
import { errors, HttpError } from "./errors";
import { newRefreshToken, signAccessToken } from "./tokens";
import { findUserById, isBanned, userJson, type UserWithIdentities } from "./users";
import { NIL_UUID, type JsonObject } from "./validation";

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  not_after: Date | null;
}

interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  /** now() is later than updated_at + the reuse interval */
  reuse_expired: boolean;
}

export interface Client {
  ip: string | null;
  userAgent: string | null;
}

/** The session response of /token and /signup. */
export interface SessionResponse extends JsonObject {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: JsonObject;
}

async function insertRefreshToken(db: Db, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)`,
    [NIL_UUID, token, userId, parent, sessionId],
  );
  return token;
}

async function sessionResponse(
  config: AuthConfig,
  user: UserWithIdentities,
  session: SessionRow,
  refreshToken: string,
): Promise<SessionResponse> {
  const { token, expiresAt } = await signAccessToken(config, user.row, session);
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: expiresAt - Math.floor(Date.now() / 1000),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

/**
 * Signs `userId` in inside the caller's transaction: a new session, its first refresh token and
 * last_sign_in_at (GoTrue's IssueRefreshToken). Returns the session response.
 */
export async function issueSession(config: AuthConfig, db: pg.PoolClient, userId: string, client: Client): Promise<SessionResponse> {
  const { rows } = await db.query<SessionRow>(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4) returning id, user_id, created_at, not_after`,
    [randomUUID(), userId, client.userAgent, client.ip],
  );
  const session = rows[0]!;
  const refreshToken = await insertRefreshToken(db, userId, session.id, null);
  await db.query("update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", [userId]);
  const user = await findUserById(db, userId);
  if (!user) throw errors.jwtUserMissing();
  return sessionResponse(config, user, session, refreshToken);
}

type RefreshOutcome = { ok: SessionResponse } | { committedError: HttpError };

/** The refresh_token grant. */
export async function refreshSession(config: AuthConfig, pool: pg.Pool, token: string, client: Client): Promise<SessionResponse> {
  // GoTrue's legacy tokens are exactly 12 characters; anything else cannot be in the table
  if (token.length !== 12) throw errors.refreshTokenNotFound();

  const outcome = await retryOnDeadlock(() =>
    transaction<RefreshOutcome>(pool, async (db) => {
      // lock the session before the token, in the order logout's cascade takes them
      const { rows: located } = await db.query<{ session_id: string | null }>(
        "select session_id from auth.refresh_tokens where token = $1",
        [token],
      );
      if (!located[0]) throw errors.refreshTokenNotFound();
      const { rows: sessions } = await db.query<SessionRow>(
        "select id, user_id, created_at, not_after from auth.sessions where id = $1 for update",
        [located[0].session_id],
      );
      const { rows } = await db.query<RefreshTokenRow>(
        `select id, token, user_id, revoked, parent, session_id,
                clock_timestamp() > updated_at + make_interval(secs => $2) as reuse_expired
         from auth.refresh_tokens where token = $1 for update`,
        [token, config.refreshTokenReuseIntervalSeconds],
      );
      const current = rows[0];
      // gone since: its session was signed out meanwhile
      if (!current) throw errors.refreshTokenNotFound();

      const user = await findUserById(db, current.user_id);
      if (!user) throw errors.refreshTokenNotFound();
      if (isBanned(user.row)) throw errors.refreshUserBanned();

      const session = sessions[0];
      if (!session) {
        // a token without a session (GoTrue deletes such leftovers)
        await db.query("delete from auth.refresh_tokens where id = $1", [current.id]);
        return { committedError: errors.refreshSessionMissing() };
      }
      if (session.not_after && session.not_after.getTime() < Date.now()) throw errors.refreshSessionExpired();

      let issued: string | undefined;
      if (current.revoked) {
        const { rows: active } = await db.query<{ token: string; parent: string | null }>(
          "select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1",
          [session.id],
        );
        if (active[0] && active[0].parent === current.token) {
          // the client never stored the answer to its last refresh, or a concurrent refresh won the race
          issued = active[0].token;
        } else if (current.reuse_expired) {
          // reuse outside the interval: possibly a stolen token, so the whole family goes
          await db.query("update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false", [
            session.id,
          ]);
          return { committedError: errors.refreshTokenAlreadyUsed() };
        }
      }
      if (!issued) {
        await db.query("update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1", [current.id]);
        issued = await insertRefreshToken(db, user.row.id, session.id, current.token);
      }
      await db.query("update auth.sessions set refreshed_at = now(), updated_at = now(), user_agent = $2, ip = $3 where id = $1", [
        session.id,
        client.userAgent,
        client.ip,
      ]);
      return { ok: await sessionResponse(config, user, session, issued) };
    }),
  );

  if ("committedError" in outcome) throw outcome.committedError;
  return outcome.ok;
}

export async function findSession(db: Db, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>("select id, user_id, created_at, not_after from auth.sessions where id = $1", [id]);
  return rows[0] ?? null;
}

export type LogoutScope = "global" | "local" | "others";

/** Deletes sessions (their refresh tokens go with them): all of the user's, this one, or all others. */
export async function logout(db: Db, scope: LogoutScope, userId: string, sessionId: string | null): Promise<void> {
  if (scope === "local" && sessionId) {
    await db.query("delete from auth.sessions where id = $1", [sessionId]);
  } else if (scope === "others" && sessionId) {
    await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [userId, sessionId]);
  } else {
    await db.query("delete from auth.sessions where user_id = $1", [userId]);
  }
}
