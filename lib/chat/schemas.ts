// What a chat message may be (the database enforces the same: party_messages' checks and
// private.prepare_party_message), the chat actions' inputs, and the chat broadcasts, parsed at
// the edge.
import { z } from "zod";
import { idSchema, REQUEST_NOT_VALID } from "@/lib/streaming/schemas";
import type { ChatMessage } from "./types";

export const MESSAGE_MAX_LENGTH = 500;
export const MESSAGE_EMPTY = "Write a message first";
export const MESSAGE_TOO_LONG = `Keep messages to ${MESSAGE_MAX_LENGTH} characters`;
export const MESSAGE_BAD_CHARACTERS = "Messages cannot contain control or text-direction characters";

// C0 and C1 controls (a newline included: a message is one line) and the bidirectional overrides
// and isolates, which can make a message read as something else
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Characters as the database counts them (code points: an emoji is one). */
export const messageLength = (text: string) => [...text].length;

export const messageBodySchema = z
  .string({ error: "Write the message as text" })
  .trim()
  .min(1, MESSAGE_EMPTY)
  .refine((body) => messageLength(body) <= MESSAGE_MAX_LENGTH, MESSAGE_TOO_LONG)
  .refine((body) => !FORBIDDEN.test(body), MESSAGE_BAD_CHARACTERS);

export const messageIdSchema = z.guid({ error: "That message no longer exists" });

export const sendMessageSchema = z.object({ partyId: idSchema, body: messageBodySchema }, { error: REQUEST_NOT_VALID });
export const editMessageSchema = z.object({ messageId: messageIdSchema, body: messageBodySchema }, { error: REQUEST_NOT_VALID });
export const deleteMessageSchema = z.object({ messageId: messageIdSchema }, { error: REQUEST_NOT_VALID });

const chatMessageSchema = z.object({
  id: z.string(),
  partyId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
});
const messageEventSchema = z.object({ message: chatMessageSchema });
const editedEventSchema = z.object({ id: z.string(), partyId: z.string(), body: z.string(), editedAt: z.string().nullable() });
const deletedEventSchema = z.object({ id: z.string(), partyId: z.string() });

export type MessageEdit = z.infer<typeof editedEventSchema>;

export function parseChatMessageEvent(payload: unknown): ChatMessage | null {
  const parsed = messageEventSchema.safeParse(payload);
  return parsed.success ? parsed.data.message : null;
}

export function parseChatEditEvent(payload: unknown): MessageEdit | null {
  const parsed = editedEventSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

export function parseChatDeleteEvent(payload: unknown): { id: string; partyId: string } | null {
  const parsed = deletedEventSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
