"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createClient } from "@/lib/supabase/client";
import { INITIAL_LIVE_STATE, openPartyChannel, type PartyLiveState } from "./party-channel";
import { SharedSubscriptions } from "./shared-subscription";
import type { Viewer } from "./types";

const channels = new SharedSubscriptions<PartyLiveState>();

/**
 * Keeps the party's cached data live (joins, leaves, host handoff, count) and returns who is
 * online in the room and whether the connection is up.
 */
export function usePartyRealtime(partyId: string, viewer: Viewer): PartyLiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<PartyLiveState>(INITIAL_LIVE_STATE);
  const { id: viewerId, displayName, avatarUrl } = viewer;

  useEffect(() => {
    const me = { id: viewerId, displayName, avatarUrl };
    return channels.retain(
      `${partyId}:${viewerId}`,
      INITIAL_LIVE_STATE,
      (emit) => openPartyChannel({ supabase: createClient(), queryClient, partyId, viewer: me, emit }),
      setState,
    );
  }, [partyId, viewerId, displayName, avatarUrl, queryClient]);

  return state;
}
