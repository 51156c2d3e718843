// Every query the app makes about habitats, watch parties and participants, through a typed
// Supabase client. On the server that client acts as the signed-in user (RLS applies); in the
// browser it is the same user's client. Failures throw StreamingError with the database's code.
import type { PostgrestError, SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/database.types";
import { StreamingError } from "./errors";
import { toPartyStatus } from "./party-status";
import type { Habitat, HabitatMember, HabitatRole, Participant, UpcomingParty, Viewer, WatchParty } from "./types";

export type StreamingClient = SupabaseClient<Database>;

type PartyViewRow = Database["public"]["Views"]["streams_with_participants"]["Row"];
type ParticipantFnRow = Database["public"]["Functions"]["get_stream_participants"]["Returns"][number];
type PartyInsert = Database["public"]["Tables"]["habitat_watch_parties"]["Insert"];

export type NewParty = Pick<PartyInsert, "title" | "description" | "scheduled_start" | "scheduled_end" | "media_url" | "media_provider">;
/** What an edit of a party may change: its own fields, and its status only to "cancelled". */
export type PartyChanges = Partial<NewParty> | { status: "cancelled" };

function check(error: PostgrestError | null): void {
  if (error) throw new StreamingError(error.code, error.message);
}

function required<T>(value: T | null | undefined, column: string): T {
  if (value === null || value === undefined) throw new StreamingError(null, `watch party row without ${column}`);
  return value;
}

function toRole(value: string): HabitatRole {
  return value === "owner" || value === "moderator" ? value : "member";
}

// The view columns a WatchParty is made of (both party views have them); nothing else is read.
const PARTY_COLUMNS =
  "id, habitat_id, title, description, scheduled_start, scheduled_end, status, participant_count, media_url, created_by, is_user_participant, is_user_host, user_reminder_enabled";
const UPCOMING_PARTY_COLUMNS = `${PARTY_COLUMNS}, habitat_name` as const;

type PartyColumns = Pick<
  PartyViewRow,
  | "id"
  | "habitat_id"
  | "title"
  | "description"
  | "scheduled_start"
  | "scheduled_end"
  | "status"
  | "participant_count"
  | "media_url"
  | "created_by"
  | "is_user_participant"
  | "is_user_host"
  | "user_reminder_enabled"
>;

function toParty(row: PartyColumns): WatchParty {
  return {
    id: required(row.id, "id"),
    habitatId: required(row.habitat_id, "habitat_id"),
    title: required(row.title, "title"),
    description: row.description,
    scheduledStart: required(row.scheduled_start, "scheduled_start"),
    scheduledEnd: row.scheduled_end,
    status: toPartyStatus(row.status),
    participantCount: row.participant_count ?? 0,
    mediaUrl: row.media_url,
    createdBy: row.created_by,
    isUserParticipant: row.is_user_participant ?? false,
    isUserHost: row.is_user_host ?? false,
    userReminderEnabled: row.user_reminder_enabled ?? false,
  };
}

function toParticipant(row: ParticipantFnRow): Participant {
  return {
    participantId: row.participant_id,
    userId: row.user_id,
    // a profile always exists (a trigger creates it), but the function left-joins it
    displayName: row.display_name ?? "Member",
    avatarUrl: row.avatar_url ?? null,
    isHost: row.is_host,
    joinedAt: row.joined_at,
  };
}

export class StreamingRepository {
  constructor(private readonly supabase: StreamingClient) {}

  /** The party as the caller sees it, or null when it does not exist or the caller is no member. */
  async getParty(partyId: string): Promise<WatchParty | null> {
    const { data, error } = await this.supabase.from("streams_with_participants").select(PARTY_COLUMNS).eq("id", partyId).maybeSingle();
    check(error);
    return data ? toParty(data) : null;
  }

  /** Participants in join order with display names; empty for non-members. */
  async listParticipants(partyId: string): Promise<Participant[]> {
    const { data, error } = await this.supabase.rpc("get_stream_participants", { p_stream_id: partyId });
    check(error);
    return (data ?? []).map(toParticipant);
  }

  /** Parties of the caller's habitats that have not ended, soonest first. */
  async listUpcomingParties(): Promise<UpcomingParty[]> {
    const { data, error } = await this.supabase
      .from("upcoming_watch_parties")
      .select(UPCOMING_PARTY_COLUMNS)
      .order("scheduled_start", { ascending: true })
      .limit(100);
    check(error);
    return (data ?? []).map((row) => ({ ...toParty(row), habitatName: row.habitat_name ?? "" }));
  }

  /** The caller's habitats, by name. */
  async listHabitats(userId: string): Promise<Habitat[]> {
    const { data, error } = await this.supabase
      .from("habitat_members")
      .select("role, habitats!inner(id, name, description)")
      .eq("user_id", userId);
    check(error);
    return (data ?? [])
      .map((row) => ({ id: row.habitats.id, name: row.habitats.name, description: row.habitats.description, role: toRole(row.role) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One habitat with the caller's role, or null when the caller is not a member. */
  async getHabitat(habitatId: string, userId: string): Promise<Habitat | null> {
    const { data, error } = await this.supabase
      .from("habitat_members")
      .select("role, habitats!inner(id, name, description)")
      .eq("habitat_id", habitatId)
      .eq("user_id", userId)
      .maybeSingle();
    check(error);
    if (!data) return null;
    return { id: data.habitats.id, name: data.habitats.name, description: data.habitats.description, role: toRole(data.role) };
  }

  /** A habitat's members with names and roles, in join order; empty for a non-member. */
  async listHabitatMembers(habitatId: string): Promise<HabitatMember[]> {
    const { data, error } = await this.supabase.rpc("get_habitat_members", { p_habitat_id: habitatId });
    check(error);
    return (data ?? []).map((row) => ({ userId: row.user_id, displayName: row.display_name ?? "Member", role: toRole(row.role) }));
  }

  /** A habitat's parties (past ones included), by start time. */
  async listHabitatParties(habitatId: string): Promise<WatchParty[]> {
    const { data, error } = await this.supabase
      .from("streams_with_participants")
      .select(PARTY_COLUMNS)
      .eq("habitat_id", habitatId)
      .order("scheduled_start", { ascending: true })
      .limit(200);
    check(error);
    return (data ?? []).map(toParty);
  }

  async getProfile(userId: string): Promise<Viewer | null> {
    const { data, error } = await this.supabase.from("profiles").select("id, display_name, avatar_url").eq("id", userId).maybeSingle();
    check(error);
    return data ? { id: data.id, displayName: data.display_name, avatarUrl: data.avatar_url } : null;
  }

  /** Joins as `userId`; the database decides is_host and joined_at. */
  async insertParticipant(partyId: string, userId: string): Promise<void> {
    const { error } = await this.supabase.from("stream_participants").insert({ stream_id: partyId, user_id: userId });
    check(error);
  }

  /** Deletes `userId`'s participation; returns how many rows RLS let through (0 or 1). */
  async deleteParticipant(partyId: string, userId: string): Promise<number> {
    const { data, error } = await this.supabase
      .from("stream_participants")
      .delete()
      .eq("stream_id", partyId)
      .eq("user_id", userId)
      .select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** Sets the caller's own reminder; returns how many rows changed (0 when not a participant). */
  async updateReminder(partyId: string, userId: string, enabled: boolean): Promise<number> {
    const { data, error } = await this.supabase
      .from("stream_participants")
      .update({ reminder_enabled: enabled })
      .eq("stream_id", partyId)
      .eq("user_id", userId)
      .select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** The host hands the role over (transfer_stream_host checks the caller). */
  async transferHost(partyId: string, newHostUserId: string): Promise<void> {
    const { error } = await this.supabase.rpc("transfer_stream_host", {
      p_stream_id: partyId,
      p_new_host_user_id: newHostUserId,
    });
    check(error);
  }

  /** Changes a party; returns how many rows RLS let through (0 when the caller may not, or it is gone). */
  async updateParty(partyId: string, changes: PartyChanges): Promise<number> {
    const { data, error } = await this.supabase.from("habitat_watch_parties").update(changes).eq("id", partyId).select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** Deletes a party; returns how many rows RLS let through (0 once someone joined, or when the caller may not). */
  async deleteParty(partyId: string): Promise<number> {
    const { data, error } = await this.supabase.from("habitat_watch_parties").delete().eq("id", partyId).select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** Schedules a party in a habitat as `userId`; returns its id. */
  async insertParty(habitatId: string, userId: string, party: NewParty): Promise<string> {
    const { data, error } = await this.supabase
      .from("habitat_watch_parties")
      .insert({ ...party, habitat_id: habitatId, created_by: userId })
      .select("id")
      .single();
    check(error);
    return required(data?.id, "id");
  }
}
