// @vitest-environment jsdom
import "@/vitest.setup";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AppNotification } from "@/lib/notifications/types";
import { NotificationsPanel } from "./notifications-panel";

const notification = (id: string, title: string, readAt: string | null): AppNotification => ({
  id,
  kind: "starts_soon",
  partyId: `party-${id}`,
  title,
  startsAt: "2026-12-24T19:15:00.000Z",
  createdAt: "2026-12-24T19:00:00.000Z",
  readAt,
});

function setup(notifications: AppNotification[]) {
  const props = { onMarkRead: vi.fn(), onMarkAllRead: vi.fn(), onNavigate: vi.fn() };
  const unread = notifications.filter((n) => n.readAt === null).length;
  render(<NotificationsPanel id="panel" notifications={notifications} unread={unread} error={null} {...props} />);
  return { ...props, user: userEvent.setup() };
}

describe("NotificationsPanel", () => {
  it("lists notifications newest first, each a link to its party, unread ones with Mark read", async () => {
    const { onMarkRead, user } = setup([notification("b", "Sintel", null), notification("a", "Bunny", "2026-12-24T19:05:00.000Z")]);
    const items = within(screen.getByRole("list", { name: "Notifications" })).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("link").textContent)).toEqual([
      "Sintel starts in 15 minutes",
      "Bunny starts in 15 minutes",
    ]);
    expect(within(items[0]!).getByRole("link")).toHaveAttribute("href", "/parties/party-b");
    const markRead = within(items[0]!).getByRole("button", { name: "Mark read" });
    expect(markRead).toHaveAccessibleDescription("Sintel starts in 15 minutes");
    expect(within(items[1]!).queryByRole("button", { name: "Mark read" })).toBeNull();
    await user.click(markRead);
    expect(onMarkRead).toHaveBeenCalledWith("b");
  });

  it("Mark all read, available while something is unread", async () => {
    const { onMarkAllRead, user } = setup([notification("b", "Sintel", null)]);
    await user.click(screen.getByRole("button", { name: "Mark all read" }));
    expect(onMarkAllRead).toHaveBeenCalled();
  });

  it("says so when there is nothing, and Mark all read does nothing", async () => {
    const { onMarkAllRead, user } = setup([]);
    expect(screen.getByText(/No reminders yet/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Mark all read" }));
    expect(onMarkAllRead).not.toHaveBeenCalled();
  });
});
