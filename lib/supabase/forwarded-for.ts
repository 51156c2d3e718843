// Auth's per-IP rate limits must see the browser, not this server: every server Supabase client
// sends the browser's address as X-Forwarded-For (the header the Supabase gateway appends to, and
// that auth reads when its project is configured to: GOTRUE_RATE_LIMIT_HEADER). Without that,
// every sign-in through the app would count against the server's own address.
import { isIP } from "node:net";

/**
 * The browser's address as this server received it: the last X-Forwarded-For entry, the one the
 * nearest proxy appended (or Next.js set from the connection when there is no proxy). Entries
 * before it were sent by the browser itself and prove nothing.
 */
export function browserAddress(requestHeaders: Headers): string | null {
  const entries = (requestHeaders.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  const last = entries.at(-1) ?? "";
  return isIP(last) ? last : null;
}

/** The headers a server Supabase client sends on the browser's behalf: its address, when known. */
export function forwardedFor(requestHeaders: Headers): Record<string, string> {
  const address = browserAddress(requestHeaders);
  return address ? { "X-Forwarded-For": address } : {};
}
