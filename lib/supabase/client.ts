import { createBrowserClient } from "@supabase/ssr";
import type { Database } from "@/lib/database.types";
import { supabaseEnv } from "@/lib/env";

/**
 * Supabase client for Client Components. It stores the session in cookies the server can read.
 * @supabase/ssr returns one shared client per browser tab, so calling this often is cheap.
 */
export function createClient() {
  const { url, anonKey } = supabaseEnv();
  return createBrowserClient<Database>(url, anonKey);
}
