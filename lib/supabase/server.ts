import "server-only";
import { createServerClient } from "@supabase/ssr";
import { cookies, headers } from "next/headers";
import type { Database } from "@/lib/database.types";
import { supabaseEnv } from "@/lib/env";
import { forwardedFor } from "./forwarded-for";

/**
 * Supabase client for Server Components, Server Actions and Route Handlers,
 * acting as the signed-in user (so RLS applies). Create one per request, never a module-level one.
 */
export async function createClient() {
  const { url, anonKey } = supabaseEnv();
  const cookieStore = await cookies();

  return createServerClient<Database>(url, anonKey, {
    // auth's rate limits count this request against the browser's address, not the server's
    global: { headers: forwardedFor(await headers()) },
    cookies: {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet) {
        try {
          cookiesToSet.forEach(({ name, value, options }) => cookieStore.set(name, value, options));
        } catch {
          // Server Components cannot set cookies. The proxy (lib/supabase/proxy.ts)
          // refreshes the session before rendering, so this write can be skipped.
        }
      },
    },
  });
}

/** The client createClient() returns: acts as the signed-in user. */
export type ServerClient = Awaited<ReturnType<typeof createClient>>;
