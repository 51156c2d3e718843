export type CountdownState = "upcoming" | "live" | "ended";

export interface Countdown {
  state: CountdownState;
  /** Short text: "Starts in 2d 03:04:05", "Live now", "Ended". */
  label: string;
}

/** Parties without an end time are treated as four hours long (as upcoming_watch_parties does). */
export const DEFAULT_PARTY_LENGTH_MS = 4 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, "0");

/** Time left until `startIso`, or whether the party is on or over, at `nowMs`. */
export function describeCountdown(startIso: string, endIso: string | null, nowMs: number): Countdown {
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : start + DEFAULT_PARTY_LENGTH_MS;
  if (nowMs >= end) return { state: "ended", label: "Ended" };
  if (nowMs >= start) return { state: "live", label: "Live now" };
  const totalSeconds = Math.ceil((start - nowMs) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return { state: "upcoming", label: days > 0 ? `Starts in ${days}d ${clock}` : `Starts in ${clock}` };
}
