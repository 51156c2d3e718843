// React Query keys and options for a party's chat (the live layer patches the same keys).
import { infiniteQueryOptions } from "@tanstack/react-query";
import { createClient } from "@/lib/supabase/client";
import { CHAT_PAGE_SIZE, ChatRepository } from "./chat-repository";
import { nextCursor } from "./chat-cache";
import type { ChatCursor } from "./types";

export const chatKey = (partyId: string) => ["party-chat", partyId] as const;

export function chatQuery(partyId: string) {
  return infiniteQueryOptions({
    queryKey: chatKey(partyId),
    queryFn: ({ pageParam }) => new ChatRepository(createClient()).listMessages(partyId, pageParam),
    initialPageParam: null as ChatCursor | null,
    getNextPageParam: (page) => nextCursor(page, CHAT_PAGE_SIZE),
    // the live layer keeps it current; a refetch happens on (re)subscribe and on return to the tab
    staleTime: Infinity,
  });
}
