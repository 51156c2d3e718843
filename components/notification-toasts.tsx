"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { describeNotification } from "@/lib/notifications/notification-list";
import type { AppNotification } from "@/lib/notifications/types";

const SHOWN_MS = 10_000;

function Toast({ notification, onClose }: { notification: AppNotification; onClose: (id: string) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onClose(notification.id), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [notification.id, onClose]);
  return (
    <div className="pointer-events-auto flex items-start gap-3 rounded-lg border border-border bg-surface p-3 text-sm shadow-lg">
      <Link href={`/parties/${notification.partyId}`} className="flex-1 font-medium underline-offset-4 hover:underline">
        {describeNotification(notification)}
      </Link>
      <button type="button" onClick={() => onClose(notification.id)} className="text-muted underline underline-offset-2">
        Close
      </button>
    </div>
  );
}

/** A toast for each reminder that arrives while the app is open, read out politely; gone after a while. */
export function NotificationToasts({ arrivals }: { arrivals: readonly AppNotification[] }) {
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const close = useCallback((id: string) => setClosed((current) => new Set(current).add(id)), []);
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed right-4 bottom-4 z-40 flex w-[min(22rem,calc(100vw-2rem))] flex-col gap-2"
    >
      {arrivals
        .filter((n) => !closed.has(n.id))
        .map((notification) => (
          <Toast key={notification.id} notification={notification} onClose={close} />
        ))}
    </div>
  );
}
