// Runs a server action's work as the signed-in user: the server Supabase client (so RLS applies),
// a StreamService bound to that user, and readable failures instead of exceptions.
import "server-only";
import { fail, type ActionResult } from "@/lib/action-result";
import { getSignedInUser, type SessionCheck } from "@/lib/auth";
import { createClient, type ServerClient } from "@/lib/supabase/server";
import { GENERIC_FAILURE, SESSION_EXPIRED } from "./errors";
import { StreamService } from "./stream-service";
import { StreamingRepository } from "./streaming-repository";

/**
 * `check`: "token" (the default) trusts a validly signed access token; "auth-server" also asks
 * auth that its session still exists, for actions that change other people's state.
 */
export async function withStreamService<T>(
  run: (service: StreamService, userId: string) => Promise<ActionResult<T>>,
  check: SessionCheck = "token",
): Promise<ActionResult<T>> {
  return withSignedInClient((supabase, userId) => run(new StreamService(new StreamingRepository(supabase), userId), userId), check);
}

/** Runs `run` with the server client of the signed-in user; a missing session or a throw becomes a readable failure. */
export async function withSignedInClient<T>(
  run: (supabase: ServerClient, userId: string) => Promise<ActionResult<T>>,
  check: SessionCheck = "token",
): Promise<ActionResult<T>> {
  try {
    const supabase = await createClient();
    const user = await getSignedInUser(supabase, check);
    if (!user) return fail(SESSION_EXPIRED);
    return await run(supabase, user.id);
  } catch (error) {
    console.error("server action failed", error);
    return fail(GENERIC_FAILURE);
  }
}
