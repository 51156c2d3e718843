"use client";

// The header's "Notifications": a button whose name carries the unread count, the list it opens,
// and a toast for each reminder that arrives live over the user's private channel.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { markAllNotificationsRead, markNotificationRead } from "@/app/notifications/actions";
import { NotificationToasts } from "@/components/notification-toasts";
import { NotificationsPanel } from "@/components/notifications-panel";
import { notificationsLabel, unreadCount, withRead } from "@/lib/notifications/notification-list";
import { notificationKeys, notificationsQuery } from "@/lib/notifications/queries";
import type { AppNotification } from "@/lib/notifications/types";
import { useUserChannel } from "@/lib/notifications/use-user-channel";

function BellIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

export function NotificationCenter({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const live = useUserChannel(userId);
  const { data: notifications = [] } = useQuery(notificationsQuery());
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = unreadCount(notifications);

  const markRead = useMutation({
    mutationFn: async (id: string | null) => {
      const result = id ? await markNotificationRead(id) : await markAllNotificationsRead();
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onMutate: (id) => {
      setError(null);
      queryClient.setQueryData<AppNotification[]>(notificationKeys.list(), (list) =>
        withRead(list ?? [], new Date().toISOString(), id ? [id] : undefined),
      );
    },
    onError: (failure) => setError(failure.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list() }),
  });

  // Escape and a click elsewhere close the list
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <div ref={container} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={notificationsLabel(unread)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="relative inline-flex size-9 items-center justify-center rounded-md border border-border bg-surface hover:bg-surface-raised"
      >
        <BellIcon />
        {unread > 0 ? (
          <span
            aria-hidden="true"
            className="absolute -top-1.5 -right-1.5 min-w-5 rounded-full bg-accent px-1 text-center text-xs font-semibold text-accent-foreground tabular-nums"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <NotificationsPanel
          id={panelId}
          notifications={notifications}
          unread={unread}
          error={error}
          onMarkRead={(id) => markRead.mutate(id)}
          onMarkAllRead={() => markRead.mutate(null)}
          onNavigate={() => setOpen(false)}
        />
      ) : null}
      <NotificationToasts arrivals={live.arrivals} />
    </div>
  );
}
