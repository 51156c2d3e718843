// Runs a server action's work as the signed-in user: the server Supabase client (so RLS applies),
// a StreamService bound to that user, and readable failures instead of exceptions.
import "server-only";
import { fail, type ActionResult } from "@/lib/action-result";
import { getSignedInUser } from "@/lib/auth";
import { createClient } from "@/lib/supabase/server";
import { GENERIC_FAILURE, SESSION_EXPIRED } from "./errors";
import { StreamService } from "./stream-service";
import { StreamingRepository } from "./streaming-repository";

export async function withStreamService<T>(
  run: (service: StreamService, userId: string) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    const supabase = await createClient();
    const user = await getSignedInUser(supabase);
    if (!user) return fail(SESSION_EXPIRED);
    return await run(new StreamService(new StreamingRepository(supabase), user.id), user.id);
  } catch (error) {
    console.error("server action failed", error);
    return fail(GENERIC_FAILURE);
  }
}
