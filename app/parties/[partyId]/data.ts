import "server-only";
import { cache } from "react";
import { getRepository } from "@/lib/session";
import { idSchema } from "@/lib/streaming/schemas";
import type { Participant, WatchParty } from "@/lib/streaming/types";

/** The party as the signed-in user sees it, once per request; null for a bad id or a non-member. */
export const loadParty = cache(async (partyId: string): Promise<WatchParty | null> => {
  if (!idSchema.safeParse(partyId).success) return null;
  return (await getRepository()).getParty(partyId);
});

/** Its participants in join order, once per request; empty for a bad id or a non-member. */
export const loadParticipants = cache(async (partyId: string): Promise<Participant[]> => {
  if (!idSchema.safeParse(partyId).success) return [];
  return (await getRepository()).listParticipants(partyId);
});
