// Who may call: GoTrue's requireAuthentication (a user's access token whose user and session
// still exist) and requireAdminCredentials (a token whose role is an admin role, e.g. the
// service-role key), as middleware the route table (routes.ts) puts in front of handlers.
import type { Db } from "./db";
import { errors } from "./errors";
import type { Middleware, Request } from "./http";
import { findSession, type SessionRow } from "./sessions";
import { verifyJwt, type AccessTokenClaims } from "./tokens";
import { findUserById, isBanned, type UserWithIdentities } from "./users";
import { NIL_UUID, UUID } from "./validation";

export interface Caller {
  claims: AccessTokenClaims;
  user: UserWithIdentities;
  /** null for a token without a session_id claim */
  session: SessionRow | null;
}

function bearer(req: Request): string {
  const match = /^bearer (\S+)$/i.exec(req.headers.authorization ?? "");
  if (!match) throw errors.noAuthorization();
  return match[1]!;
}

async function loadUserAndSession(db: Db, claims: AccessTokenClaims): Promise<Caller> {
  if (!claims.sub) throw errors.missingSub();
  if (!UUID.test(claims.sub)) throw errors.subNotUuid();
  const user = await findUserById(db, claims.sub);
  if (!user) throw errors.jwtUserMissing();
  let session: SessionRow | null = null;
  const sessionId = claims.session_id;
  if (sessionId && sessionId !== NIL_UUID) {
    if (typeof sessionId !== "string" || !UUID.test(sessionId)) throw errors.sessionIdNotUuid();
    session = await findSession(db, sessionId);
    if (!session) throw errors.jwtSessionMissing();
  }
  return { claims, user, session };
}

/** What requireAuthentication establishes: the signed-in user behind the request's bearer token. */
export interface Authenticated {
  caller: Caller;
}

export const requireAuthentication: Middleware<Authenticated> = async ({ config, pool }, req) => {
  const claims = await verifyJwt(config, bearer(req));
  const caller = await loadUserAndSession(pool, claims);
  if (isBanned(caller.user.row)) throw errors.userBanned();
  return { caller };
};

/** What requireAdmin establishes: the claims of a token whose role is an admin role. */
export interface AdminCredentials {
  adminClaims: AccessTokenClaims;
}

/** Passes when the bearer token's role is an admin role; a user token whose session ended fails first. */
export const requireAdmin: Middleware<AdminCredentials> = async ({ config, pool }, req) => {
  const claims = await verifyJwt(config, bearer(req));
  if (claims.session_id && claims.session_id !== NIL_UUID) await loadUserAndSession(pool, claims);
  if (typeof claims.role !== "string" || !config.adminRoles.includes(claims.role)) throw errors.notAdmin();
  return { adminClaims: claims };
};
