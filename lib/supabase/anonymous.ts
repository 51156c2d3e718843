import "server-only";
import { createServerClient } from "@supabase/ssr";
import type { Database } from "@/lib/database.types";
import { supabaseEnv } from "@/lib/env";

/**
 * A Supabase client that acts as nobody (the anon role), whatever cookies the request carries: for
 * route handlers that callers without a session reach, such as a calendar app fetching a feed.
 */
export function createAnonymousClient() {
  const { url, anonKey } = supabaseEnv();
  return createServerClient<Database>(url, anonKey, {
    cookies: { getAll: () => [], setAll: () => undefined },
  });
}
