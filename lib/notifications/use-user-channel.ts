"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createClient } from "@/lib/supabase/client";
import { SharedSubscriptions } from "@/lib/streaming/shared-subscription";
import { showBrowserNotification } from "./browser-notifications";
import { INITIAL_USER_CHANNEL_STATE, openUserChannel, type UserChannelState } from "./user-channel";

const channels = new SharedSubscriptions<UserChannelState>();

/** Keeps the signed-in user's notifications live; returns the connection status and live arrivals. */
export function useUserChannel(userId: string): UserChannelState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<UserChannelState>(INITIAL_USER_CHANNEL_STATE);

  useEffect(
    () =>
      channels.retain(
        userId,
        INITIAL_USER_CHANNEL_STATE,
        (emit) => openUserChannel({ supabase: createClient(), queryClient, userId, emit, onArrival: showBrowserNotification }),
        setState,
      ),
    [userId, queryClient],
  );

  return state;
}
