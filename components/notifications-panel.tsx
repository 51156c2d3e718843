"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/local-time";
import { describeNotification } from "@/lib/notifications/notification-list";
import type { AppNotification } from "@/lib/notifications/types";

export interface NotificationsPanelProps {
  id: string;
  notifications: readonly AppNotification[];
  unread: number;
  error: string | null;
  onMarkRead: (id: string) => void;
  onMarkAllRead: () => void;
  /** a link was followed: the panel closes */
  onNavigate: () => void;
}

/** The list under the header's "Notifications" button: newest first, each linking to its party. */
export function NotificationsPanel({ id, notifications, unread, error, onMarkRead, onMarkAllRead, onNavigate }: NotificationsPanelProps) {
  return (
    <div
      id={id}
      role="region"
      aria-label="Your notifications"
      className="absolute right-0 z-30 mt-2 w-[min(22rem,calc(100vw-2rem))] rounded-lg border border-border bg-surface p-3 shadow-lg"
    >
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Notifications</h2>
        <Button size="sm" variant="secondary" unavailable={unread === 0} onClick={onMarkAllRead}>
          Mark all read
        </Button>
      </div>
      {error ? (
        <p role="alert" className="mb-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      {notifications.length === 0 ? (
        <p className="py-4 text-sm text-muted">No reminders yet. Turn on “Remind me” in a party you joined.</p>
      ) : (
        <ul aria-label="Notifications" className="max-h-96 divide-y divide-border overflow-y-auto">
          {notifications.map((notification) => {
            const textId = `${id}-${notification.id}`;
            const unreadItem = notification.readAt === null;
            return (
              <li key={notification.id} className="flex items-start gap-2 py-2">
                <span aria-hidden="true" className={`mt-2 size-2 shrink-0 rounded-full ${unreadItem ? "bg-accent" : "bg-transparent"}`} />
                <div className="min-w-0 flex-1 text-sm">
                  <Link
                    id={textId}
                    href={`/parties/${notification.partyId}`}
                    onClick={onNavigate}
                    className={`underline-offset-4 hover:underline ${unreadItem ? "font-semibold" : ""}`}
                  >
                    {describeNotification(notification)}
                  </Link>
                  <p className="text-xs text-muted">
                    {unreadItem ? <span className="sr-only">Unread. </span> : null}
                    <LocalTime iso={notification.createdAt} />
                  </p>
                </div>
                {unreadItem ? (
                  <Button size="sm" variant="secondary" aria-describedby={textId} onClick={() => onMarkRead(notification.id)}>
                    Mark read
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-2 border-t border-border pt-2 text-sm">
        <Link href="/calendar" onClick={onNavigate} className="text-accent underline-offset-4 hover:underline">
          Calendar feed
        </Link>
      </p>
    </div>
  );
}
