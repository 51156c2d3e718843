// The app's view of watch parties: camelCase, never-null where the database guarantees a value.
// Rows from lib/database.types.ts are mapped into these in streaming-repository.ts.

export const PARTY_STATUSES = ["scheduled", "live", "ended", "cancelled"] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];

export const MEDIA_PROVIDERS = ["youtube", "vimeo", "twitch", "direct", "other"] as const;
export type MediaProvider = (typeof MEDIA_PROVIDERS)[number];

export type HabitatRole = "owner" | "moderator" | "member";

/** A party as the signed-in user sees it (streams_with_participants). */
export interface WatchParty {
  id: string;
  habitatId: string;
  title: string;
  description: string | null;
  scheduledStart: string;
  scheduledEnd: string | null;
  status: PartyStatus;
  participantCount: number;
  mediaUrl: string | null;
  /** who scheduled it (null once their account is gone); they edit it while a member */
  createdBy: string | null;
  isUserParticipant: boolean;
  isUserHost: boolean;
  userReminderEnabled: boolean;
}

/** A party on the dashboard (upcoming_watch_parties): also names its habitat. */
export interface UpcomingParty extends WatchParty {
  habitatName: string;
}

/** One participant of a party, in join order (get_stream_participants). */
export interface Participant {
  participantId: string;
  userId: string;
  displayName: string;
  avatarUrl: string | null;
  isHost: boolean;
  joinedAt: string;
}

export interface Habitat {
  id: string;
  name: string;
  description: string | null;
  role: HabitatRole;
}

/** A member of a habitat, as its other members see them. */
export interface HabitatMember {
  userId: string;
  displayName: string;
  role: HabitatRole;
}

/** The signed-in user, as others see them. */
export interface Viewer {
  id: string;
  displayName: string;
  avatarUrl: string | null;
}

/** Someone with the party room open right now (realtime presence). */
export interface OnlineUser {
  userId: string;
  displayName: string;
}
