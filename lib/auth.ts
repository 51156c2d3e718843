import "server-only";
import type { ServerClient } from "@/lib/supabase/server";

export interface SignedInUser {
  id: string;
  email: string | null;
}

/**
 * The signed-in user, verified by the auth server (getClaims(); never getSession() on the server),
 * or null when there is no valid session.
 */
export async function getSignedInUser(supabase: ServerClient): Promise<SignedInUser | null> {
  const { data } = await supabase.auth.getClaims();
  const claims = data?.claims;
  if (!claims?.sub) return null;
  return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : null };
}
