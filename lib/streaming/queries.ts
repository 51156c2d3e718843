// React Query keys and options for the browser: the same repository as the server, through the
// browser client. Server renders hand their results in as initialData under the same keys.
import { queryOptions } from "@tanstack/react-query";
import { createClient } from "@/lib/supabase/client";
import { StreamingRepository } from "./streaming-repository";

export const queryKeys = {
  party: (partyId: string) => ["party", partyId] as const,
  participants: (partyId: string) => ["participants", partyId] as const,
  upcomingParties: () => ["upcoming-parties"] as const,
  habitatMembers: (habitatId: string) => ["habitat-members", habitatId] as const,
};

function repository(): StreamingRepository {
  return new StreamingRepository(createClient());
}

export function partyQuery(partyId: string) {
  return queryOptions({
    queryKey: queryKeys.party(partyId),
    queryFn: () => repository().getParty(partyId),
  });
}

export function participantsQuery(partyId: string) {
  return queryOptions({
    queryKey: queryKeys.participants(partyId),
    queryFn: () => repository().listParticipants(partyId),
  });
}

export function upcomingPartiesQuery() {
  return queryOptions({
    queryKey: queryKeys.upcomingParties(),
    queryFn: () => repository().listUpcomingParties(),
  });
}

export function habitatMembersQuery(habitatId: string) {
  return queryOptions({
    queryKey: queryKeys.habitatMembers(habitatId),
    queryFn: () => repository().listHabitatMembers(habitatId),
  });
}
