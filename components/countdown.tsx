"use client";

import { describeCountdown } from "@/lib/streaming/countdown";
import { useNow } from "@/lib/use-now";

/** "Starts in 1d 02:03:04", ticking every second; fixed-width digits so nothing moves. */
export function Countdown({ start, end }: { start: string; end: string | null }) {
  const now = useNow();
  const countdown = now === null ? null : describeCountdown(start, end, now);
  return (
    <span
      role="timer"
      className={`inline-block min-w-[13ch] tabular-nums ${countdown?.state === "live" ? "font-semibold text-success" : ""}`}
    >
      {countdown?.label ?? "\u00a0"}
    </span>
  );
}
