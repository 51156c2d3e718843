// Every error the auth service answers with, in one place: GoTrue's status, error code and
// message for each case (internal/api/apierrors/errorcode.go and the handlers that raise them).
// On the wire (API version 2024-01-01) an error is `{"code": "...", "message": "..."}`; auth-js
// reads `code` into `error.code` because every response carries X-Supabase-Api-Version.

export type ErrorCode =
  | "unexpected_failure"
  | "validation_failed"
  | "bad_json"
  | "email_exists"
  | "phone_exists"
  | "bad_jwt"
  | "not_admin"
  | "no_authorization"
  | "user_not_found"
  | "session_not_found"
  | "session_expired"
  | "refresh_token_not_found"
  | "refresh_token_already_used"
  | "flow_state_not_found"
  | "user_banned"
  | "email_not_confirmed"
  | "user_already_exists"
  | "weak_password"
  | "same_password"
  | "invalid_credentials"
  | "anonymous_provider_disabled"
  | "phone_provider_disabled"
  | "email_address_invalid"
  | "request_entity_too_large"
  | "not_found"
  | "method_not_allowed"
  | "over_request_rate_limit"
  | "otp_expired";

/** An error answered as `{code, message}` (plus `extra` fields) with an HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** GoTrue's OAuth-style error (`{"error", "error_description"}`, always 400), used by /token. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
  }
}

const bad = (code: ErrorCode, message: string) => new HttpError(400, code, message);
const forbidden = (code: ErrorCode, message: string) => new HttpError(403, code, message);
const unprocessable = (code: ErrorCode, message: string) => new HttpError(422, code, message);

export const errors = {
  // request shape
  badJson: (detail: string) => bad("bad_json", `Could not parse request body as JSON: ${detail}`),
  bodyTooLarge: (limit: number) => new HttpError(413, "request_entity_too_large", `Request body too large (max ${limit} bytes)`),
  validation: (message: string) => bad("validation_failed", message),
  notFound: (method: string, path: string) => new HttpError(404, "not_found", `No route for ${method} ${path}`),
  methodNotAllowed: (method: string, path: string) => new HttpError(405, "method_not_allowed", `${method} is not allowed on ${path}`),

  // credentials and tokens
  noAuthorization: () => new HttpError(401, "no_authorization", "This endpoint requires a valid Bearer token"),
  badJwt: (detail: string) => forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${detail}`),
  missingSub: () => forbidden("bad_jwt", "invalid claim: missing sub claim"),
  subNotUuid: () => bad("bad_jwt", "invalid claim: sub claim must be a UUID"),
  sessionIdNotUuid: () => forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID"),
  jwtUserMissing: () => forbidden("user_not_found", "User from sub claim in JWT does not exist"),
  jwtSessionMissing: () => forbidden("session_not_found", "Session from session_id claim in JWT does not exist"),
  audienceMismatch: () => bad("validation_failed", "Token audience doesn't match request audience"),
  notAdmin: () => forbidden("not_admin", "User not allowed"),
  appMetadataNeedsAdmin: () => forbidden("not_admin", "Updating app_metadata requires admin privileges"),
  userBanned: () => forbidden("user_banned", "User is banned"),

  // sign-up and sign-in
  anonymousDisabled: () => unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled"),
  phoneSignupsDisabled: () => bad("phone_provider_disabled", "Phone signups are disabled"),
  phoneLoginsDisabled: () => unprocessable("phone_provider_disabled", "Phone logins are disabled"),
  signupNeedsPassword: () => bad("validation_failed", "Signup requires a valid password"),
  emailAndPhone: (action: "signup" | "login") =>
    bad("validation_failed", `Only an email address or phone number should be provided on ${action}.`),
  missingEmailOrPhone: () => bad("validation_failed", "missing email or phone"),
  pkceParams: () => bad("validation_failed", "PKCE flow requires code_challenge_method and code_challenge"),
  userAlreadyExists: () => unprocessable("user_already_exists", "User already registered"),
  emailExists: () => unprocessable("email_exists", "A user with this email address has already been registered"),
  phoneExists: (message = "A user with this phone number has already been registered") => unprocessable("phone_exists", message),
  invalidCredentials: () => bad("invalid_credentials", "Invalid login credentials"),
  emailNotConfirmed: () => bad("email_not_confirmed", "Email not confirmed"),
  signInBanned: () => bad("user_banned", "User is banned"),
  unsupportedGrant: () => bad("invalid_credentials", "unsupported_grant_type"),
  flowStateNotFound: () => new HttpError(404, "flow_state_not_found", "invalid flow state, no valid flow state found"),

  // passwords
  passwordTooLong: (max: number) => bad("validation_failed", `Password cannot be longer than ${max} characters`),
  weakPassword: (message: string, reasons: string[]) => new HttpError(422, "weak_password", message, { weak_password: { reasons } }),
  samePassword: () => unprocessable("same_password", "New password should be different from the old password."),

  // refresh tokens
  refreshTokenRequired: () => new OAuthError("invalid_request", "refresh_token required"),
  refreshTokenNotFound: () => bad("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"),
  refreshTokenAlreadyUsed: () => bad("refresh_token_already_used", "Invalid Refresh Token: Already Used"),
  refreshUserBanned: () => bad("user_banned", "Invalid Refresh Token: User Banned"),
  refreshSessionMissing: () => bad("session_not_found", "Invalid Refresh Token: No Valid Session Found"),
  refreshSessionExpired: () => bad("session_expired", "Invalid Refresh Token: Session Expired"),

  // verify: no email or SMS is ever sent here, so no token or link is valid
  verifyTypeMissing: () => bad("validation_failed", "Verify requires a verification type"),
  verifyTokenMissing: () => bad("validation_failed", "Verify requires a token or a token hash"),
  verifyTokenOrHash: () => bad("validation_failed", "Verify requires either a token or a token hash"),
  verifyTokenHashOnly: () => bad("validation_failed", "Only the token_hash and type should be provided"),
  verifyEmailOrPhone: () => bad("validation_failed", "Only an email address or phone number should be provided on verify"),
  verifyBadType: () => bad("validation_failed", "Invalid email verification type"),
  otpExpired: () => forbidden("otp_expired", "Token has expired or is invalid"),
  emailLinkExpired: () => forbidden("otp_expired", "Email link is invalid or has expired"),

  // rate limits (middleware.go's performRateLimiting)
  overRequestRateLimit: () => new HttpError(429, "over_request_rate_limit", "Request rate limit reached"),

  // logout
  logoutScope: (scope: string) => bad("validation_failed", `Unsupported logout scope ${JSON.stringify(scope)}`),

  // admin
  userIdNotUuid: () => new HttpError(404, "validation_failed", "user_id must be an UUID"),
  userNotFound: () => new HttpError(404, "user_not_found", "User not found"),
  userWithoutEmailOrPhone: () => bad("validation_failed", "Cannot create a user without either an email or phone"),
  passwordAndHash: () => bad("validation_failed", "Only a password or a password hash should be provided"),
  badPasswordHash: () => bad("validation_failed", "password_hash must be a bcrypt hash"),
  customIdNotUuid: () => bad("validation_failed", "ID must conform to the uuid v4 format"),
  nilCustomId: () => bad("validation_failed", "ID cannot be a nil uuid"),
  idExists: () => unprocessable("user_already_exists", "A user with this ID already exists"),
  badSort: (detail: string) => bad("validation_failed", `Bad Sort Parameters: ${detail}`),
  badBanDuration: (detail: string) => bad("validation_failed", `invalid format for ban duration: ${detail}`),
  badPagination: (detail: string) => bad("validation_failed", `Bad Pagination Parameters: ${detail}`),
  invalidPhone: () => bad("validation_failed", "Invalid phone number format (E.164 required)"),

  // the local service's own limits (GoTrue would send an email or SMS here)
  emailChangeUnsupported: () =>
    bad("validation_failed", "Changing the email address needs a mailer; the local auth service has none (use the admin API)"),
  phoneChangeUnsupported: () =>
    bad("validation_failed", "Changing the phone number needs an SMS provider; the local auth service has none (use the admin API)"),

  unexpected: () => new HttpError(500, "unexpected_failure", "Unexpected failure, please check server logs for more information"),
};

/** A Postgres error caused by the request's data (class 22: bad text, JSON or number) rather than by the service. */
export function isDataException(error: unknown): error is Error & { code: string } {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("22");
}

export function errorBody(error: HttpError): Record<string, unknown> {
  return { code: error.code, message: error.message, ...error.extra };
}
