"use server";

// The signed-in user's private calendar feed: a new secret link (the old one stops working), or
// none. Each runs as the user (RLS and SECURITY DEFINER functions that act on the caller only).
import { ok, type ActionResult } from "@/lib/action-result";
import { withNotifications } from "@/lib/notifications/action-context";

export async function regenerateCalendarFeed(): Promise<ActionResult<{ token: string }>> {
  return withNotifications(async (repository) => ok({ token: await repository.regenerateFeed() }));
}

export async function revokeCalendarFeed(): Promise<ActionResult<null>> {
  return withNotifications(async (repository, userId) => {
    await repository.revokeFeed(userId);
    return ok(null);
  });
}
