// The cached list under "Notifications" (newest first), changed by pure functions: a broadcast
// adds one, marking read stamps some. The unread count is read off the list.
import type { AppNotification } from "./types";

/** How many notifications the list holds (the newest). */
export const NOTIFICATIONS_LIMIT = 50;

const newestFirst = (a: AppNotification, b: AppNotification) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/** The list with `notification` in its place (once, however often it arrives). */
export function withNotification(list: readonly AppNotification[], notification: AppNotification): AppNotification[] {
  return [notification, ...list.filter((n) => n.id !== notification.id)].sort(newestFirst).slice(0, NOTIFICATIONS_LIMIT);
}

/** The list with `ids` (all when absent) marked read at `readAt`. */
export function withRead(list: readonly AppNotification[], readAt: string, ids?: readonly string[]): AppNotification[] {
  return list.map((n) => (n.readAt === null && (!ids || ids.includes(n.id)) ? { ...n, readAt } : n));
}

export function unreadCount(list: readonly AppNotification[]): number {
  return list.filter((n) => n.readAt === null).length;
}

/** The header button's accessible name: "Notifications", or "Notifications, 2 unread". */
export function notificationsLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
}

/** What a notification says: "Movie night starts in 15 minutes", "Movie night is starting now". */
export function describeNotification(notification: Pick<AppNotification, "kind" | "title" | "startsAt" | "createdAt">): string {
  if (notification.kind === "started") return `${notification.title} is starting now`;
  const minutes = Math.max(1, Math.round((Date.parse(notification.startsAt) - Date.parse(notification.createdAt)) / 60_000));
  return `${notification.title} starts in ${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}
