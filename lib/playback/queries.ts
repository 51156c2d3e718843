// React Query keys and options for a party's playback (the live layer patches the same key).
import { queryOptions } from "@tanstack/react-query";
import { createClient } from "@/lib/supabase/client";
import { PlaybackRepository } from "./playback-repository";

export const playbackKey = (partyId: string) => ["party-playback", partyId] as const;

export function playbackQuery(partyId: string) {
  return queryOptions({
    queryKey: playbackKey(partyId),
    queryFn: () => new PlaybackRepository(createClient()).getPlayback(partyId),
    // the live layer keeps it current; a refetch happens on (re)subscribe and on return to the tab
    staleTime: Infinity,
  });
}
