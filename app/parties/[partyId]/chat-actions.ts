"use server";

// The party room's chat: send, edit and delete, each as the signed-in user (RLS and the chat's
// triggers decide: participants post, authors edit and delete their own, the host and the
// habitat's owners and moderators delete any, at most 5 messages per 10 seconds). Inputs are
// checked with the database's own rules first, so a bad message never reaches it.
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { ChatRepository } from "@/lib/chat/chat-repository";
import { describeChatError, type ChatOperation } from "@/lib/chat/errors";
import { deleteMessageSchema, editMessageSchema, sendMessageSchema } from "@/lib/chat/schemas";
import type { ChatMessage } from "@/lib/chat/types";
import { withSignedInClient } from "@/lib/streaming/action-context";
import { StreamingError } from "@/lib/streaming/errors";
import { REQUEST_NOT_VALID } from "@/lib/streaming/schemas";
import { StreamingRepository } from "@/lib/streaming/streaming-repository";
import type { ServerClient } from "@/lib/supabase/server";
import type { z } from "zod";

function invalid(error: z.ZodError): { ok: false; error: string } {
  return fail(error.issues[0]?.message ?? REQUEST_NOT_VALID);
}

function chatAction<T>(
  operation: ChatOperation,
  run: (chat: ChatRepository, supabase: ServerClient, userId: string) => Promise<T>,
): Promise<ActionResult<T>> {
  return withSignedInClient(async (supabase, userId) => {
    try {
      return ok(await run(new ChatRepository(supabase), supabase, userId));
    } catch (error) {
      return fail(describeChatError(operation, error));
    }
  });
}

export async function sendMessage(input: { partyId: string; body: string }): Promise<ActionResult<ChatMessage>> {
  const parsed = sendMessageSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return chatAction("send", async (chat, supabase, userId) => {
    const me = await new StreamingRepository(supabase).getProfile(userId);
    return chat.insertMessage(parsed.data.partyId, parsed.data.body, me?.displayName ?? "Member");
  });
}

export async function editMessage(input: { messageId: string; body: string }): Promise<ActionResult<{ edited: true }>> {
  const parsed = editMessageSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return chatAction("edit", async (chat): Promise<{ edited: true }> => {
    if ((await chat.updateMessage(parsed.data.messageId, parsed.data.body)) > 0) return { edited: true };
    throw new StreamingError((await chat.messageExists(parsed.data.messageId)) ? "42501" : "P0002", "nothing edited");
  });
}

export async function deleteMessage(input: { messageId: string }): Promise<ActionResult<{ deleted: true }>> {
  const parsed = deleteMessageSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return chatAction("delete", async (chat): Promise<{ deleted: true }> => {
    if ((await chat.deleteMessage(parsed.data.messageId)) > 0) return { deleted: true };
    // someone else's message the caller may not delete, or one already gone
    throw new StreamingError((await chat.messageExists(parsed.data.messageId)) ? "42501" : "P0002", "nothing deleted");
  });
}
