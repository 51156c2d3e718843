// Every query the app makes about reminders, through a typed Supabase client acting as the
// signed-in user (RLS lets each user reach only their own). Failures throw StreamingError with the
// database's code, as the streaming repository's do.
import type { PostgrestError } from "@supabase/supabase-js";
import { StreamingError } from "@/lib/streaming/errors";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import { NOTIFICATIONS_LIMIT } from "./notification-list";
import { NOTIFICATION_KINDS, toLeadMinutes, type AppNotification, type LeadMinutes, type NotificationKind } from "./types";

interface NotificationRow {
  id: string;
  kind: string;
  party_id: string;
  title: string;
  starts_at: string;
  created_at: string;
  read_at: string | null;
}

function check(error: PostgrestError | null): void {
  if (error) throw new StreamingError(error.code, error.message);
}

const toKind = (value: string): NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value) ? (value as NotificationKind) : "starts_soon";

function toNotification(row: NotificationRow): AppNotification {
  return {
    id: row.id,
    kind: toKind(row.kind),
    partyId: row.party_id,
    title: row.title,
    startsAt: row.starts_at,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export class NotificationsRepository {
  constructor(private readonly supabase: StreamingClient) {}

  /** The caller's newest notifications, newest first. */
  async list(): Promise<AppNotification[]> {
    const { data, error } = await this.supabase
      .from("notifications")
      .select("id, kind, party_id, title, starts_at, created_at, read_at")
      .order("created_at", { ascending: false })
      .order("id", { ascending: false })
      .limit(NOTIFICATIONS_LIMIT);
    check(error);
    return (data ?? []).map(toNotification);
  }

  /** Marks the caller's notification `id` read (or all of theirs that are unread); returns the time used. */
  async markRead(readAt: string, id?: string): Promise<void> {
    let request = this.supabase.from("notifications").update({ read_at: readAt }).is("read_at", null);
    if (id) request = request.eq("id", id);
    const { error } = await request;
    check(error);
  }

  /** The lead time the caller chose for a party they joined (15 minutes when they never chose). */
  async getLeadMinutes(partyId: string): Promise<LeadMinutes> {
    const { data, error } = await this.supabase.from("reminder_preferences").select("lead_minutes").eq("stream_id", partyId).maybeSingle();
    check(error);
    return toLeadMinutes(data?.lead_minutes);
  }

  async setLeadMinutes(partyId: string, userId: string, minutes: LeadMinutes): Promise<void> {
    const { error } = await this.supabase
      .from("reminder_preferences")
      .upsert({ stream_id: partyId, user_id: userId, lead_minutes: minutes }, { onConflict: "user_id,stream_id" });
    check(error);
  }

  /** When the caller's calendar feed was made, or null when they have none. */
  async feedCreatedAt(): Promise<string | null> {
    const { data, error } = await this.supabase.from("calendar_feeds").select("created_at").maybeSingle();
    check(error);
    return data?.created_at ?? null;
  }

  /** A new secret feed token for the caller (the old one stops working). */
  async regenerateFeed(): Promise<string> {
    const { data, error } = await this.supabase.rpc("regenerate_calendar_feed");
    check(error);
    if (typeof data !== "string") throw new StreamingError(null, "no calendar feed token came back");
    return data;
  }

  /** Ends the caller's calendar feed. */
  async revokeFeed(userId: string): Promise<void> {
    const { error } = await this.supabase.from("calendar_feeds").delete().eq("user_id", userId);
    check(error);
  }
}
