import "server-only";
import type { ServerClient } from "@/lib/supabase/server";

export interface SignedInUser {
  id: string;
  email: string | null;
}

/**
 * How the session is checked. "token": getClaims() verifies the access token's signature locally
 * (with the project's JWKS, no request), so a token copied before sign-out still passes until it
 * expires (an hour at most). "auth-server": getUser() asks auth, which refuses a signed-out session
 * at once; a request to auth per call, for actions that change other people's state.
 */
export type SessionCheck = "token" | "auth-server";

/** The signed-in user (never from getSession() on the server), or null when there is no valid session. */
export async function getSignedInUser(supabase: ServerClient, check: SessionCheck = "token"): Promise<SignedInUser | null> {
  if (check === "auth-server") {
    const { data, error } = await supabase.auth.getUser();
    if (error || !data.user) return null;
    return { id: data.user.id, email: data.user.email ?? null };
  }
  const { data } = await supabase.auth.getClaims();
  const claims = data?.claims;
  if (!claims?.sub) return null;
  return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : null };
}
