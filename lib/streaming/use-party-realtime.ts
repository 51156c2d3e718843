"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createClient } from "@/lib/supabase/client";
import { INITIAL_LIVE_STATE, openPartyChannel, type PartyLiveState } from "./party-channel";
import { SharedSubscriptions } from "./shared-subscription";
import type { Viewer } from "./types";

const channels = new SharedSubscriptions<PartyLiveState>();

/**
 * Keeps the party's cached data live (joins, leaves, host handoff, count, the party's row) and
 * returns the presence keys in the room and whether the connection is up.
 */
export function usePartyRealtime(partyId: string, habitatId: string, viewer: Viewer): PartyLiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<PartyLiveState>(INITIAL_LIVE_STATE);
  const { id: viewerId, displayName, avatarUrl } = viewer;

  useEffect(() => {
    const me = { id: viewerId, displayName, avatarUrl };
    return channels.retain(
      `${partyId}:${viewerId}`,
      INITIAL_LIVE_STATE,
      (emit) => openPartyChannel({ supabase: createClient(), queryClient, partyId, habitatId, viewer: me, emit }),
      setState,
    );
  }, [partyId, habitatId, viewerId, displayName, avatarUrl, queryClient]);

  return state;
}
