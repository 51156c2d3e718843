import { describe, expect, it } from "vitest";
import { parseNotificationEvent } from "./notification-event";
import {
  describeNotification,
  notificationsLabel,
  NOTIFICATIONS_LIMIT,
  unreadCount,
  withNotification,
  withRead,
} from "./notification-list";
import { isStartingNow } from "./starting-now";
import type { AppNotification } from "./types";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 24, 19, minute)).toISOString();
const note = (id: string, minute: number, readAt: string | null = null): AppNotification => ({
  id,
  kind: "starts_soon",
  partyId: "p",
  title: "Movie night",
  startsAt: at(minute + 15),
  createdAt: at(minute),
  readAt,
});

describe("the cached list", () => {
  it("a new notification goes first, once however often it arrives; the list keeps the newest", () => {
    const list = [note("b", 2), note("a", 1)];
    expect(withNotification(list, note("c", 3)).map((n) => n.id)).toEqual(["c", "b", "a"]);
    expect(withNotification(withNotification(list, note("c", 3)), note("c", 3)).map((n) => n.id)).toEqual(["c", "b", "a"]);
    const full = Array.from({ length: NOTIFICATIONS_LIMIT }, (_, i) => note(`n${i}`, i)).reverse();
    expect(withNotification(full, note("new", 99))).toHaveLength(NOTIFICATIONS_LIMIT);
  });

  it("marking read: one, or all; the unread count and the button's name follow", () => {
    const list = [note("b", 2), note("a", 1), note("old", 0, at(5))];
    expect(unreadCount(list)).toBe(2);
    expect(notificationsLabel(unreadCount(list))).toBe("Notifications, 2 unread");
    expect(unreadCount(withRead(list, at(9), ["a"]))).toBe(1);
    expect(withRead(list, at(9)).map((n) => n.readAt)).toEqual([at(9), at(9), at(5)]);
    expect(notificationsLabel(0)).toBe("Notifications");
  });

  it("what each says", () => {
    expect(describeNotification(note("a", 0))).toBe("Movie night starts in 15 minutes");
    expect(describeNotification({ ...note("a", 0), startsAt: at(1) })).toBe("Movie night starts in 1 minute");
    expect(describeNotification({ ...note("a", 0), kind: "started" })).toBe("Movie night is starting now");
  });
});

describe("the broadcast on user:<id>", () => {
  it("carries the notification as the list shows it; anything else is ignored", () => {
    const notification = note("a", 0);
    expect(parseNotificationEvent({ notification, id: "message-id" })).toEqual(notification);
    expect(parseNotificationEvent({ notification: { ...notification, kind: "spam" } })).toBeNull();
    expect(parseNotificationEvent({ notification: { id: 1 } })).toBeNull();
    expect(parseNotificationEvent("nope")).toBeNull();
  });
});

describe("starting now", () => {
  const party = { scheduledStart: at(0), scheduledEnd: at(50), status: "scheduled" as const };
  it("from the start for ten minutes, unless cancelled or over", () => {
    expect(isStartingNow(party, Date.parse(at(0)) - 1)).toBe(false);
    expect(isStartingNow(party, Date.parse(at(0)))).toBe(true);
    expect(isStartingNow(party, Date.parse(at(9)))).toBe(true);
    expect(isStartingNow(party, Date.parse(at(10)))).toBe(false);
    expect(isStartingNow({ ...party, status: "cancelled" }, Date.parse(at(1)))).toBe(false);
    expect(isStartingNow({ ...party, scheduledEnd: at(2) }, Date.parse(at(3)))).toBe(false);
  });
});
