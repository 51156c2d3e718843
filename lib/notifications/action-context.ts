// Runs a reminders server action as the signed-in user: the server Supabase client (so RLS
// applies), the reminders repository, and readable failures instead of exceptions.
import "server-only";
import { fail, type ActionResult } from "@/lib/action-result";
import { getSignedInUser } from "@/lib/auth";
import { GENERIC_FAILURE, SESSION_EXPIRED, StreamingError } from "@/lib/streaming/errors";
import { createClient } from "@/lib/supabase/server";
import { NotificationsRepository } from "./notifications-repository";

/** Database codes a reminders action can meet, and what the person is told. */
const MESSAGES: Record<string, string> = {
  "42501": "Only participants can choose when they are reminded",
  "23503": "Join the party to choose when you are reminded",
  PGRST301: SESSION_EXPIRED,
  PGRST302: SESSION_EXPIRED,
  PGRST303: SESSION_EXPIRED,
};

export async function withNotifications<T>(
  run: (repository: NotificationsRepository, userId: string) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    const supabase = await createClient();
    const user = await getSignedInUser(supabase);
    if (!user) return fail(SESSION_EXPIRED);
    return await run(new NotificationsRepository(supabase), user.id);
  } catch (error) {
    if (error instanceof StreamingError && error.code && MESSAGES[error.code]) return fail(MESSAGES[error.code]!);
    console.error("reminders action failed", error);
    return fail(GENERIC_FAILURE);
  }
}
