// What the database broadcasts on the app's private topics (supabase/migrations/*_private_live_rooms.sql),
// parsed at the edge: a payload of another shape is ignored, never trusted.
//   party:<partyId>      participant_joined, participant_left, participant_changed, party_changed
//                        (not for a count change: the room counts its list; *_rooms_hear_joins_once.sql),
//                        playback_changed, chat_message, chat_message_edited, chat_message_deleted
//                        (supabase/migrations/*_watch_together.sql)
//   habitat:<habitatId>  party_changed
//   user:<userId>        reminder_changed
import { z } from "zod";
import { parseChatDeleteEvent, parseChatEditEvent, parseChatMessageEvent, type MessageEdit } from "@/lib/chat/schemas";
import type { ChatMessage } from "@/lib/chat/types";
import { parsePlaybackState } from "@/lib/playback/schemas";
import type { PlaybackState } from "@/lib/playback/types";
import type { Participant } from "./types";

export const PARTY_EVENTS = [
  "participant_joined",
  "participant_left",
  "participant_changed",
  "party_changed",
  "playback_changed",
  "chat_message",
  "chat_message_edited",
  "chat_message_deleted",
] as const;

const participantSchema = z.object({
  participantId: z.string(),
  userId: z.string(),
  displayName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  isHost: z.boolean(),
  joinedAt: z.string(),
});

const joinedSchema = z.object({ participant: participantSchema });
const leftSchema = z.object({ participantId: z.string(), userId: z.string() });
const changedSchema = z.object({ participantId: z.string(), userId: z.string(), isHost: z.boolean() });

// realtime.broadcast_changes' shape; of the party's row, the columns the app shows
const partyRowSchema = z.object({
  id: z.string(),
  habitat_id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  scheduled_start: z.string(),
  scheduled_end: z.string().nullable(),
  status: z.string(),
  participant_count: z.number(),
  media_url: z.string().nullable(),
  created_by: z.string().nullable().optional(),
});
const partyChangeSchema = z.object({
  operation: z.enum(["INSERT", "UPDATE", "DELETE"]),
  record: partyRowSchema.nullable(),
  old_record: partyRowSchema.nullable(),
});

/** A party's row as its broadcasts carry it. */
export type PartyRecord = z.infer<typeof partyRowSchema>;

export interface PartyChange {
  operation: "INSERT" | "UPDATE" | "DELETE";
  /** the row after the change; before it for a DELETE */
  record: PartyRecord;
}

export type PartyEvent =
  | { type: "participant_joined"; participant: Participant }
  | { type: "participant_left"; participantId: string; userId: string }
  | { type: "participant_changed"; participantId: string; userId: string; isHost: boolean }
  | { type: "party_changed"; change: PartyChange }
  | { type: "playback_changed"; state: PlaybackState }
  | { type: "chat_message"; message: ChatMessage }
  | { type: "chat_message_edited"; edit: MessageEdit }
  | { type: "chat_message_deleted"; messageId: string };

/** A party_changed payload, or null when it is not one. */
export function parsePartyChange(payload: unknown): PartyChange | null {
  const parsed = partyChangeSchema.safeParse(payload);
  if (!parsed.success) return null;
  const { operation, record, old_record } = parsed.data;
  const row = operation === "DELETE" ? old_record : record;
  return row ? { operation, record: row } : null;
}

/** One broadcast on a party's topic, or null when its payload is not what `event` carries. */
export function parsePartyEvent(event: string, payload: unknown): PartyEvent | null {
  switch (event) {
    case "participant_joined": {
      const parsed = joinedSchema.safeParse(payload);
      if (!parsed.success) return null;
      const p = parsed.data.participant;
      return { type: event, participant: { ...p, displayName: p.displayName ?? "Member" } };
    }
    case "participant_left": {
      const parsed = leftSchema.safeParse(payload);
      return parsed.success ? { type: event, ...parsed.data } : null;
    }
    case "participant_changed": {
      const parsed = changedSchema.safeParse(payload);
      return parsed.success ? { type: event, ...parsed.data } : null;
    }
    case "party_changed": {
      const change = parsePartyChange(payload);
      return change ? { type: event, change } : null;
    }
    case "playback_changed": {
      const state = parsePlaybackState(payload);
      return state ? { type: event, state } : null;
    }
    case "chat_message": {
      const message = parseChatMessageEvent(payload);
      return message ? { type: event, message } : null;
    }
    case "chat_message_edited": {
      const edit = parseChatEditEvent(payload);
      return edit ? { type: event, edit } : null;
    }
    case "chat_message_deleted": {
      const deleted = parseChatDeleteEvent(payload);
      return deleted ? { type: event, messageId: deleted.id } : null;
    }
    default:
      return null;
  }
}
