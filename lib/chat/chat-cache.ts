// The chat as React Query holds it: pages of messages, newest first (page 0 the newest), patched by
// the room's broadcasts and the sender's own answer with these pure functions.
import type { InfiniteData } from "@tanstack/react-query";
import type { MessageEdit } from "./schemas";
import type { ChatCursor, ChatMessage } from "./types";

export type ChatData = InfiniteData<ChatMessage[], unknown>;

/** Newer first: by time, then by id (the database's keyset order). */
const newerFirst = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : Date.parse(b.createdAt) - Date.parse(a.createdAt);

/** With `message` (a new one goes into the newest page in order; one already there is replaced). */
export function withMessage(data: ChatData | undefined, message: ChatMessage): ChatData | undefined {
  if (!data) return data;
  if (data.pages.some((page) => page.some((m) => m.id === message.id))) {
    return { ...data, pages: data.pages.map((page) => page.map((m) => (m.id === message.id ? { ...m, ...message } : m))) };
  }
  const [first = [], ...rest] = data.pages;
  return { ...data, pages: [[message, ...first].sort(newerFirst), ...rest] };
}

export function withMessageEdited(data: ChatData | undefined, edit: MessageEdit): ChatData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => page.map((m) => (m.id === edit.id ? { ...m, body: edit.body, editedAt: edit.editedAt } : m))),
  };
}

export function withoutMessage(data: ChatData | undefined, messageId: string): ChatData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => page.filter((m) => m.id !== messageId)) };
}

/** Every loaded message, oldest first, as the chat shows them. */
export function chronological(data: ChatData | undefined): ChatMessage[] {
  return (data?.pages.flat() ?? []).slice().sort((a, b) => newerFirst(b, a));
}

/** Where the page after `page` starts, or undefined when `page` was the last (shorter than asked). */
export function nextCursor(page: ChatMessage[], pageSize: number): ChatCursor | undefined {
  const oldest = page[page.length - 1];
  return page.length < pageSize || !oldest ? undefined : { createdAt: oldest.createdAt, id: oldest.id };
}
