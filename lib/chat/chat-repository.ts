// The chat's queries and writes through a typed Supabase client (the browser's for pages, the
// server's, as the signed-in user, for writes). Failures throw StreamingError with the code.
import type { PostgrestError } from "@supabase/supabase-js";
import { StreamingError } from "@/lib/streaming/errors";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import type { ChatCursor, ChatMessage } from "./types";

export const CHAT_PAGE_SIZE = 50;

function check(error: PostgrestError | null): void {
  if (error) throw new StreamingError(error.code, error.message);
}

export class ChatRepository {
  constructor(private readonly supabase: StreamingClient) {}

  /** A page of messages, newest first: the newest, or those before `before`. */
  async listMessages(partyId: string, before: ChatCursor | null, limit = CHAT_PAGE_SIZE): Promise<ChatMessage[]> {
    const { data, error } = await this.supabase.rpc("get_party_messages", {
      p_party_id: partyId,
      p_limit: limit,
      ...(before ? { p_before_created_at: before.createdAt, p_before_id: before.id } : {}),
    });
    check(error);
    return (data ?? []).map((row) => ({
      id: row.id,
      partyId: row.party_id,
      authorId: row.author_id,
      authorName: row.author_name,
      body: row.body,
      createdAt: row.created_at,
      editedAt: row.edited_at,
    }));
  }

  /** Posts as the caller; returns the message as stored (trimmed, stamped by the database). */
  async insertMessage(partyId: string, body: string, authorName: string): Promise<ChatMessage> {
    const { data, error } = await this.supabase
      .from("party_messages")
      .insert({ party_id: partyId, body })
      .select("id, party_id, author_id, body, created_at, edited_at")
      .single();
    check(error);
    if (!data) throw new StreamingError(null, "the new message did not come back");
    return {
      id: data.id,
      partyId: data.party_id,
      authorId: data.author_id,
      authorName,
      body: data.body,
      createdAt: data.created_at,
      editedAt: data.edited_at,
    };
  }

  /** Whether the caller can see the message (it exists, in a party of their habitat). */
  async messageExists(messageId: string): Promise<boolean> {
    const { data, error } = await this.supabase.from("party_messages").select("id").eq("id", messageId).maybeSingle();
    check(error);
    return data !== null;
  }

  /** Changes the caller's own message; returns how many rows RLS let through (0 or 1). */
  async updateMessage(messageId: string, body: string): Promise<number> {
    const { data, error } = await this.supabase.from("party_messages").update({ body }).eq("id", messageId).select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** Deletes a message the caller may delete; returns how many rows went (0 or 1). */
  async deleteMessage(messageId: string): Promise<number> {
    const { data, error } = await this.supabase.from("party_messages").delete().eq("id", messageId).select("id");
    check(error);
    return data?.length ?? 0;
  }
}
