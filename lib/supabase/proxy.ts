import "server-only";
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import type { Database } from "@/lib/database.types";
import { readSupabaseEnv } from "@/lib/env";
import { forwardedFor } from "./forwarded-for";

const LOGIN_PATH = "/login";

// calendar apps fetch a private feed with no session: its secret token is the key
const CALENDAR_FEED_PREFIX = "/calendar/feed/";

function isPublicPath(pathname: string): boolean {
  return pathname === LOGIN_PATH || pathname.startsWith(`${LOGIN_PATH}/`) || pathname.startsWith(CALENDAR_FEED_PREFIX);
}

/**
 * Refreshes the Supabase session cookies on every matched request and sends
 * signed-out visitors to /login?next=<path>.
 */
export async function updateSession(request: NextRequest) {
  let supabaseResponse = NextResponse.next({ request });

  // Without Supabase settings there is no session to refresh; the pages say so themselves.
  const config = readSupabaseEnv();
  if (!config.ok) {
    return supabaseResponse;
  }

  // A new client per request: never keep it in a module-level variable.
  const supabase = createServerClient<Database>(config.env.url, config.env.anonKey, {
    // a session refresh counts against the browser's address in auth's rate limits, not the server's
    global: { headers: forwardedFor(request.headers) },
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        cookiesToSet.forEach(({ name, value }) => request.cookies.set(name, value));
        supabaseResponse = NextResponse.next({ request });
        cookiesToSet.forEach(({ name, value, options }) => supabaseResponse.cookies.set(name, value, options));
        // Cache-Control and friends, so no CDN caches a response carrying a session.
        Object.entries(headers).forEach(([key, value]) => supabaseResponse.headers.set(key, value));
      },
    },
  });

  // Nothing may run between createServerClient and getClaims(): getClaims() refreshes
  // an expired session, and skipping it signs users out at random.
  const { data } = await supabase.auth.getClaims();

  // Server actions answer a missing session themselves ("Your session expired — sign in again"):
  // a redirect in reply to an action's POST would reach the page as an unreadable failure.
  const isServerAction = request.method === "POST" && request.headers.has("next-action");

  if (!data?.claims && !isPublicPath(request.nextUrl.pathname) && !isServerAction) {
    const loginUrl = request.nextUrl.clone();
    loginUrl.pathname = LOGIN_PATH;
    loginUrl.search = "";
    loginUrl.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    const redirect = NextResponse.redirect(loginUrl);
    // Keep any cookies getClaims() just wrote (e.g. clearing a dead session).
    supabaseResponse.cookies.getAll().forEach((cookie) => redirect.cookies.set(cookie));
    return redirect;
  }

  // Return supabaseResponse as is: a fresh NextResponse would drop the refreshed cookies.
  return supabaseResponse;
}
