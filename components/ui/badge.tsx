import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "accent" | "host" | "success";

const TONES: Record<BadgeTone, string> = {
  neutral: "border-border bg-surface-raised text-muted",
  accent: "border-accent/40 bg-accent-soft text-foreground",
  host: "border-host/40 bg-host-soft text-host",
  success: "border-success/40 bg-surface text-success",
};

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-semibold ${TONES[tone]}`}>{children}</span>
  );
}
