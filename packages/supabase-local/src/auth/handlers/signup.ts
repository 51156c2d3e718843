// POST /auth/v1/signup: email and password, confirmed at once (a `supabase start` project's
// default), answered with a session.
import type { Service } from "../config";
import { isUniqueViolation, transaction } from "../db";
import { errors } from "../errors";
import { json, type Request, type Reply } from "../http";
import { hashPassword } from "../passwords";
import { issueSession } from "../sessions";
import { findUserByEmail, insertUser } from "../users";
import { checkPasswordStrength, parseBody, signupBody, validateEmail } from "../validation";

/**
 * Whether the sign-up names an email or a phone: only those are rate limited (`sign_in_sign_ups`);
 * GoTrue answers an unreadable body or an anonymous sign-up (disabled here) before it limits.
 */
export async function namesSomeone(req: Request): Promise<boolean> {
  const body = await parseBody(req, signupBody).catch(() => null);
  return Boolean(body?.email || body?.phone);
}

export async function signup({ config, pool }: Service, req: Request): Promise<Reply> {
  const body = await parseBody(req, signupBody);
  // no email and no phone asks for an anonymous user, which a default project does not allow
  if (!body.email && !body.phone) throw errors.anonymousDisabled();
  if (!body.password) throw errors.signupNeedsPassword();
  checkPasswordStrength(body.password, config.passwordMinLength);
  if (body.email && body.phone) throw errors.emailAndPhone("signup");
  if (!body.code_challenge !== !body.code_challenge_method) throw errors.pkceParams();
  if (!body.email) throw errors.phoneSignupsDisabled();

  const email = validateEmail(body.email);
  // GoTrue would sign an unconfirmed existing user in here (confirming it); we refuse instead
  if (await findUserByEmail(pool, email, config.audience)) throw errors.userAlreadyExists();

  const data = body.data ?? {};
  const passwordHash = await hashPassword(body.password);
  try {
    const session = await transaction(pool, async (db) => {
      const userId = await insertUser(
        db,
        {
          aud: config.audience,
          role: config.defaultRole,
          email,
          phone: null,
          passwordHash,
          // confirming the email adds email_verified to the user's metadata (GoTrue's User.Confirm)
          userMetadata: { ...data, email_verified: true },
          appMetadata: { provider: "email", providers: ["email"] },
          emailConfirmed: true,
          phoneConfirmed: false,
        },
        data,
      );
      return issueSession(config, db, userId, req);
    });
    return json(session);
  } catch (error) {
    // a concurrent sign-up with the same address got there first
    if (isUniqueViolation(error)) throw errors.userAlreadyExists();
    throw error;
  }
}
