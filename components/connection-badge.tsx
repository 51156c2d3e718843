import type { ConnectionStatus } from "@/lib/streaming/resilient-channel";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Live updates on",
  reconnecting: "Reconnecting…",
};

/** Whether realtime updates are flowing. */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-sm">
      <span aria-hidden="true" className={`size-2 rounded-full ${status === "live" ? "bg-success" : "bg-muted animate-pulse"}`} />
      {LABELS[status]}
    </span>
  );
}
