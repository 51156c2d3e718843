// POST /auth/v1/token?grant_type=password|refresh_token: signing in and refreshing.
import { z } from "zod";
import type { Service } from "../config";
import { transaction } from "../db";
import { errors } from "../errors";
import { json, type Request, type Reply } from "../http";
import { verifyPassword } from "../passwords";
import { issueSession, refreshSession } from "../sessions";
import { findUserByEmail, isBanned } from "../users";
import { parseBody, passwordGrantBody, passwordWeakness, refreshGrantBody } from "../validation";

async function passwordGrant({ config, pool }: Service, req: Request): Promise<Reply> {
  const body = await parseBody(req, passwordGrantBody);
  if (body.email && body.phone) throw errors.emailAndPhone("login");
  if (!body.email) throw body.phone ? errors.phoneLoginsDisabled() : errors.missingEmailOrPhone();

  const user = await findUserByEmail(pool, body.email, config.audience);
  if (!user || !user.row.encrypted_password) throw errors.invalidCredentials();
  if (isBanned(user.row)) throw errors.signInBanned();
  const password = body.password ?? "";
  if (!(await verifyPassword(password, user.row.encrypted_password))) throw errors.invalidCredentials();
  if (!user.row.email_confirmed_at) throw errors.emailNotConfirmed();

  const session = await transaction(pool, (db) => issueSession(config, db, user.row.id, req));
  // a password that no longer meets the rules still signs in, with a hint for the app
  const weakness = passwordWeakness(password, config.passwordMinLength);
  return json(weakness ? { ...session, weak_password: weakness } : session);
}

async function refreshTokenGrant({ config, pool }: Service, req: Request): Promise<Reply> {
  const body = await parseBody(req, refreshGrantBody);
  if (!body.refresh_token) throw errors.refreshTokenRequired();
  return json(await refreshSession(config, pool, body.refresh_token, req));
}

const pkceBody = z.object({ auth_code: z.string().nullish(), code_verifier: z.string().nullish() });

/** No flow ever waits for a code exchange here (sign-ups are confirmed at once), so no code is valid. */
async function pkceGrant(req: Request): Promise<Reply> {
  const body = await parseBody(req, pkceBody);
  if (!body.auth_code || !body.code_verifier) {
    throw errors.validation("invalid request: both auth code and code verifier should be non-empty");
  }
  throw errors.flowStateNotFound();
}

const GRANTS = {
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
  pkce: (_service: Service, req: Request) => pkceGrant(req),
} satisfies Record<string, (service: Service, req: Request) => Promise<Reply>>;

type Grant = keyof typeof GRANTS;

const grantOf = (req: Request): Grant | null => {
  const grant = req.query.get("grant_type");
  return grant !== null && Object.hasOwn(GRANTS, grant) ? (grant as Grant) : null;
};

/** Whether the request asks for a grant this service serves: only those are rate limited (`token_refresh`). */
export const isServedGrant = (req: Request): boolean => grantOf(req) !== null;

export async function token(service: Service, req: Request): Promise<Reply> {
  const grant = grantOf(req);
  if (!grant) throw errors.unsupportedGrant();
  return GRANTS[grant](service, req);
}
