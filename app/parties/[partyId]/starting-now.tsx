"use client";

import { isStartingNow } from "@/lib/notifications/starting-now";
import type { WatchParty } from "@/lib/streaming/types";
import { useNow } from "@/lib/use-now";

/** "Starting now", announced politely in the open room the moment the party starts (live, no reload). */
export function StartingNow({ party }: { party: Pick<WatchParty, "scheduledStart" | "scheduledEnd" | "status"> }) {
  const now = useNow();
  const starting = now !== null && isStartingNow(party, now);
  return (
    <p
      role="status"
      className={starting ? "inline-flex items-center gap-2 rounded-md bg-accent-soft px-3 py-1 font-semibold text-accent" : "sr-only"}
    >
      {starting ? "Starting now" : ""}
    </p>
  );
}
