// GET and POST /auth/v1/verify: exchanging an emailed or texted token (sign-up confirmation,
// magic link, recovery, OTP) for a session. The local service never sends one (sign-ups are
// confirmed at once, no mailer, no SMS), so after GoTrue's checks of the request every token is
// expired or invalid, answered as GoTrue answers an unknown one. Rate limited (`token_verifications`).
import type { Service } from "../config";
import { errors, HttpError } from "../errors";
import type { Reply, Request } from "../http";
import { parseBody, validateEmail, validatePhone, verifyBody } from "../validation";

/** The types GoTrue's verifyTokenHash looks up (mail.*Verification). */
const EMAIL_LINK_TYPES = new Set(["email", "signup", "invite", "recovery", "magiclink", "email_change"]);

/** GoTrue's verifyTokenHash for a hash nobody was sent. */
function unknownTokenHash(type: string): HttpError {
  return EMAIL_LINK_TYPES.has(type) ? errors.emailLinkExpired() : errors.verifyBadType();
}

/** The site URL with GoTrue's error fragment (prepErrorRedirectURL): where a browser following a link lands. */
function errorRedirect(siteUrl: string, error: HttpError): Reply {
  const fragment = new URLSearchParams({
    ...(error.status === 403 ? { error: "access_denied" } : error.status === 400 ? { error: "invalid_request" } : {}),
    error_code: error.code,
    error_description: error.message,
  });
  const location = new URL(siteUrl);
  location.hash = fragment.toString();
  return { status: 303, headers: { Location: location.toString() } };
}

/** GET: a link from an email; the answer is a redirect a browser follows, errors included. */
async function verifyLink({ config }: Service, req: Request): Promise<Reply> {
  const type = req.query.get("type") ?? "";
  if (!type) throw errors.verifyTypeMissing();
  if (!req.query.get("token")) throw errors.verifyTokenMissing();
  return errorRedirect(config.siteUrl, unknownTokenHash(type));
}

/** POST: an OTP typed in (with the email or phone it went to), or a token hash. */
async function verifyOtp(req: Request): Promise<Reply> {
  const body = await parseBody(req, verifyBody);
  if (!body.type) throw errors.verifyTypeMissing();
  if (!body.token === !body.token_hash) throw errors.verifyTokenOrHash();
  if (body.token) {
    if (body.phone && !body.email) validatePhone(body.phone);
    else if (body.email && !body.phone) validateEmail(body.email);
    else throw errors.verifyEmailOrPhone();
    throw errors.otpExpired();
  }
  if (body.email || body.phone || body.redirect_to) throw errors.verifyTokenHashOnly();
  throw unknownTokenHash(body.type);
}

export async function verify(service: Service, req: Request): Promise<Reply> {
  return req.method === "POST" ? verifyOtp(req) : verifyLink(service, req);
}
