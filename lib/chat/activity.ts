// Join, leave and host-change lines for the chat, derived from the participant events the room
// already hears (names from the participant list as it stood before the event). Kept in React
// Query under activityKey, never fetched.
import type { PartyEvent } from "@/lib/streaming/live-events";
import type { Participant } from "@/lib/streaming/types";
import type { ActivityLine } from "./types";

export const activityKey = (partyId: string) => ["party-activity", partyId] as const;

const MAX_LINES = 100;

/** The line `event` makes, or null (a reminder, a party row, a host flag going away). */
export function activityFor(event: PartyEvent, before: readonly Participant[] | undefined, at: string): ActivityLine | null {
  const nameOf = (userId: string) => before?.find((p) => p.userId === userId)?.displayName ?? null;
  switch (event.type) {
    case "participant_joined": {
      const { userId, displayName, joinedAt } = event.participant;
      if (before?.some((p) => p.userId === userId && p.joinedAt === joinedAt)) return null;
      return { id: `joined:${userId}:${joinedAt}`, kind: "joined", userId, name: displayName, at: joinedAt };
    }
    case "participant_left": {
      const name = nameOf(event.userId);
      return name ? { id: `left:${event.participantId}`, kind: "left", userId: event.userId, name, at } : null;
    }
    case "participant_changed": {
      const name = nameOf(event.userId);
      return event.isHost && name ? { id: `host:${event.userId}:${at}`, kind: "host", userId: event.userId, name, at } : null;
    }
    default:
      return null;
  }
}

export function withActivity(lines: readonly ActivityLine[] | undefined, line: ActivityLine): ActivityLine[] {
  const current = lines ?? [];
  if (current.some((l) => l.id === line.id)) return [...current];
  return [...current, line].slice(-MAX_LINES);
}

export function activityText(line: ActivityLine): string {
  if (line.kind === "joined") return `${line.name} joined`;
  if (line.kind === "left") return `${line.name} left`;
  return `${line.name} is now the host`;
}
