"use server";

// Marking notifications read, from the header's "Notifications" list. Each runs as the signed-in
// user (RLS lets them mark only their own), validates its input, and returns an ActionResult.
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { withNotifications } from "@/lib/notifications/action-context";
import { idSchema } from "@/lib/streaming/schemas";

/** Marks one notification read; returns when, for the list to show. */
export async function markNotificationRead(id: unknown): Promise<ActionResult<{ readAt: string }>> {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "That notification is not valid");
  return withNotifications(async (repository) => {
    const readAt = new Date().toISOString();
    await repository.markRead(readAt, parsed.data);
    return ok({ readAt });
  });
}

/** Marks every unread notification of the user read. */
export async function markAllNotificationsRead(): Promise<ActionResult<{ readAt: string }>> {
  return withNotifications(async (repository) => {
    const readAt = new Date().toISOString();
    await repository.markRead(readAt);
    return ok({ readAt });
  });
}
