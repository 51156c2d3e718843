// Pure rules the party room and the dashboard need: labels, who may do what, and how the cached
// party and participant list change when someone joins, leaves, hands over or is removed. The same
// functions serve optimistic updates (before the server answers) and realtime patches.
import type { Database } from "@/lib/database.types";
import { toPartyStatus } from "./party-status";
import type { Participant, UpcomingParty, Viewer, WatchParty } from "./types";

type PartyRow = Database["public"]["Tables"]["habitat_watch_parties"]["Row"];
type ParticipantRow = Database["public"]["Tables"]["stream_participants"]["Row"];

/** "1 participant", "0 participants", "12 participants". */
export function participantCountLabel(count: number): string {
  return `${count} ${count === 1 ? "participant" : "participants"}`;
}

/** Up to two initials for an avatar without a picture: "Alice Liddell" → "AL", "bob" → "B". */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  const result = letters
    .map((word) => Array.from(word ?? "")[0] ?? "")
    .join("")
    .toUpperCase();
  return result || "?";
}

/** The host may make another participant host or remove them; nobody manages themselves. */
export function canManageParticipant(viewerId: string, viewerIsHost: boolean, participant: Participant): boolean {
  return viewerIsHost && participant.userId !== viewerId;
}

/** The viewer joins: appended in join order; hosts when nobody does. Joining twice changes nothing. */
export function withParticipantAdded(participants: Participant[], viewer: Viewer, joinedAt: string): Participant[] {
  if (participants.some((p) => p.userId === viewer.id)) return participants;
  return [
    ...participants,
    {
      participantId: `pending-${viewer.id}`,
      userId: viewer.id,
      displayName: viewer.displayName,
      avatarUrl: viewer.avatarUrl,
      isHost: !participants.some((p) => p.isHost),
      joinedAt,
    },
  ];
}

/**
 * Someone joined, as the database announces it: their entry replaces any optimistic one of theirs,
 * and the list stays in join order.
 */
export function withParticipantJoined(participants: Participant[], joined: Participant): Participant[] {
  const others = participants.filter((p) => p.userId !== joined.userId);
  const order = (a: Participant, b: Participant) =>
    Date.parse(a.joinedAt) - Date.parse(b.joinedAt) || a.participantId.localeCompare(b.participantId);
  return [...others, joined].sort(order);
}

/**
 * Someone leaves or is removed. When they hosted, the earliest remaining joiner hosts (the list is
 * in join order), as the database's reassign trigger does.
 */
export function withParticipantRemoved(participants: Participant[], userId: string): Participant[] {
  const leaving = participants.find((p) => p.userId === userId);
  if (!leaving) return participants;
  const rest = participants.filter((p) => p.userId !== userId);
  if (!leaving.isHost || rest.some((p) => p.isHost)) return rest;
  return rest.map((p, index) => (index === 0 ? { ...p, isHost: true } : p));
}

/** The host hands the role to `newHostUserId` (a participant); otherwise nothing changes. */
export function withHostTransferred(participants: Participant[], newHostUserId: string): Participant[] {
  if (!participants.some((p) => p.userId === newHostUserId)) return participants;
  return participants.map((p) => ({ ...p, isHost: p.userId === newHostUserId }));
}

/** The party's own fields that follow from its participant list, seen by `viewerId`. */
export function withParticipantsSummary(party: WatchParty, participants: readonly Participant[], viewerId: string): WatchParty {
  const me = participants.find((p) => p.userId === viewerId);
  return {
    ...party,
    participantCount: participants.length,
    isUserParticipant: me !== undefined,
    isUserHost: me?.isHost ?? false,
    userReminderEnabled: me ? party.userReminderEnabled : false,
  };
}

/**
 * Whether the cached list agrees with the party's row as the database just gave it: the same count,
 * and the viewer in it (and hosting) as the row says. Realtime does not replay what a client missed
 * (after a database restart the new replication slot starts from its own moment, on hosted too), so
 * the room compares now and then and reads the list again when they disagree; a lost join and a
 * lost leave of two others cancel out in the count, but not when the viewer was one of them.
 */
export function listAgreesWithParty(party: WatchParty, participants: readonly Participant[], viewerId: string): boolean {
  const me = participants.find((p) => p.userId === viewerId);
  return (
    party.participantCount === participants.length &&
    party.isUserParticipant === (me !== undefined) &&
    party.isUserHost === (me?.isHost ?? false)
  );
}

export function withReminder(party: WatchParty, enabled: boolean): WatchParty {
  return { ...party, userReminderEnabled: enabled };
}

/** A realtime UPDATE of the party row: its own columns (count, title, times, status, media). */
export function withPartyRow<T extends WatchParty | UpcomingParty>(party: T, row: Partial<PartyRow>): T {
  return {
    ...party,
    title: row.title ?? party.title,
    description: row.description !== undefined ? row.description : party.description,
    scheduledStart: row.scheduled_start ?? party.scheduledStart,
    scheduledEnd: row.scheduled_end !== undefined ? row.scheduled_end : party.scheduledEnd,
    status: row.status !== undefined ? toPartyStatus(row.status) : party.status,
    participantCount: row.participant_count ?? party.participantCount,
    mediaUrl: row.media_url !== undefined ? row.media_url : party.mediaUrl,
  };
}

/**
 * A realtime UPDATE of a participant row: its host flag (a handover) or reminder. A new host means
 * nobody else hosts, whichever of the handover's two row updates arrives first.
 */
export function withParticipantRow(participants: Participant[], row: Partial<ParticipantRow>): Participant[] {
  const target = participants.find((p) => p.participantId === row.id || (row.user_id !== undefined && p.userId === row.user_id));
  if (!target || row.is_host === undefined || row.is_host === null) return participants;
  if (row.is_host) return withHostTransferred(participants, target.userId);
  return participants.map((p) => (p.userId === target.userId ? { ...p, isHost: false } : p));
}
