// What the database broadcasts on user:<userId> (supabase/migrations/*_reminders.sql): a new
// notification, as the list shows it. Parsed at the edge: a payload of another shape is ignored.
import { z } from "zod";
import { NOTIFICATION_KINDS, type AppNotification } from "./types";

export const NOTIFICATION_EVENT = "notification";

const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  partyId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const eventSchema = z.object({ notification: notificationSchema });

/** The notification a `notification` broadcast carries, or null when it carries none. */
export function parseNotificationEvent(payload: unknown): AppNotification | null {
  const parsed = eventSchema.safeParse(payload);
  return parsed.success ? parsed.data.notification : null;
}
