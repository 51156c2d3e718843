// What the sign-in and sign-up forms say when auth refuses: a sentence per error code a person can
// act on (the codes auth-js reads from GoTrue's answers), never the service's own message.
import { isAuthApiError } from "@supabase/supabase-js";

export const TOO_MANY_ATTEMPTS = "Too many attempts, try again in a few minutes";

const MESSAGES: Record<string, string> = {
  invalid_credentials: "Wrong email or password",
  user_already_exists: "An account with this email already exists. Sign in instead.",
  email_exists: "An account with this email already exists. Sign in instead.",
  weak_password: "Choose a stronger password (at least 6 characters)",
  email_not_confirmed: "Confirm your email address first, then sign in",
  // GoTrue's per-IP rate limits (429)
  over_request_rate_limit: TOO_MANY_ATTEMPTS,
};

/** The message for an error from supabase.auth; `fallback` for an error without a message of its own. */
export function authFailure(error: unknown, fallback: string): string {
  if (!isAuthApiError(error)) return "We could not reach the sign-in service. Please try again.";
  return (error.code && MESSAGES[error.code]) || (error.status === 429 ? TOO_MANY_ATTEMPTS : fallback);
}
