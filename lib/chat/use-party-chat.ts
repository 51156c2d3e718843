"use client";

// A party's chat for the room: the loaded pages (newest 50, older ones on demand), the lines the
// room derives from participant events, and send, edit and delete through the server actions,
// whose answers patch the cache at once (the broadcast that follows changes nothing more).
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { deleteMessage, editMessage, sendMessage } from "@/app/parties/[partyId]/chat-actions";
import type { ActionResult } from "@/lib/action-result";
import { activityKey } from "./activity";
import { chronological, withMessage, withMessageEdited, withoutMessage, type ChatData } from "./chat-cache";
import { chatQuery, chatKey } from "./queries";
import type { ActivityLine, ChatMessage } from "./types";

export type ChatItem = { kind: "message"; message: ChatMessage } | { kind: "activity"; line: ActivityLine };

const timeOf = (item: ChatItem) => Date.parse(item.kind === "message" ? item.message.createdAt : item.line.at);

export function usePartyChat(partyId: string) {
  const queryClient = useQueryClient();
  const key = chatKey(partyId);
  const pages = useInfiniteQuery(chatQuery(partyId));
  const activity = useQuery({
    queryKey: activityKey(partyId),
    queryFn: () => queryClient.getQueryData<ActivityLine[]>(activityKey(partyId)) ?? [],
    enabled: false,
    initialData: [] as ActivityLine[],
  });

  const items = useMemo<ChatItem[]>(() => {
    const messages: ChatItem[] = chronological(pages.data).map((message) => ({ kind: "message", message }));
    const lines: ChatItem[] = activity.data.map((line) => ({ kind: "activity", line }));
    return [...messages, ...lines].sort((a, b) => timeOf(a) - timeOf(b));
  }, [pages.data, activity.data]);

  const patch = (change: (data: ChatData | undefined) => ChatData | undefined) => queryClient.setQueryData<ChatData>(key, change);

  const send = async (body: string): Promise<ActionResult<ChatMessage>> => {
    const result = await sendMessage({ partyId, body });
    if (result.ok) patch((data) => withMessage(data, result.data));
    return result;
  };

  const edit = async (message: ChatMessage, body: string): Promise<ActionResult<unknown>> => {
    const result = await editMessage({ messageId: message.id, body });
    if (result.ok)
      patch((data) => withMessageEdited(data, { id: message.id, partyId, body: body.trim(), editedAt: new Date().toISOString() }));
    return result;
  };

  const remove = async (message: ChatMessage): Promise<ActionResult<unknown>> => {
    const result = await deleteMessage({ messageId: message.id });
    if (result.ok) patch((data) => withoutMessage(data, message.id));
    return result;
  };

  return {
    items,
    loading: pages.isPending,
    failed: pages.isError,
    hasOlder: pages.hasNextPage,
    loadingOlder: pages.isFetchingNextPage,
    loadOlder: () => void pages.fetchNextPage(),
    send,
    edit,
    remove,
  };
}
