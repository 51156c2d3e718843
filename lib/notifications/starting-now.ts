import { DEFAULT_PARTY_LENGTH_MS } from "@/lib/streaming/countdown";
import type { WatchParty } from "@/lib/streaming/types";

/** For how long after its start a party is "starting now" (the "started" reminder's window too). */
export const STARTING_NOW_MS = 10 * 60 * 1000;

/** Whether the party has just started: from its start for ten minutes, unless cancelled, ended or over. */
export function isStartingNow(party: Pick<WatchParty, "scheduledStart" | "scheduledEnd" | "status">, nowMs: number): boolean {
  if (party.status === "cancelled" || party.status === "ended") return false;
  const start = Date.parse(party.scheduledStart);
  const end = party.scheduledEnd ? Date.parse(party.scheduledEnd) : start + DEFAULT_PARTY_LENGTH_MS;
  return nowMs >= start && nowMs < Math.min(start + STARTING_NOW_MS, end);
}
