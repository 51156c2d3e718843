"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createClient } from "@/lib/supabase/client";
import { openDashboardChannel } from "./dashboard-channel";
import type { ConnectionStatus } from "./resilient-channel";
import { SharedSubscriptions } from "./shared-subscription";

const channels = new SharedSubscriptions<ConnectionStatus>();

/** Keeps the dashboard's upcoming parties (counts above all) live; returns the connection status. */
export function useDashboardRealtime(userId: string): ConnectionStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(
    () =>
      channels.retain(
        userId,
        "connecting",
        (emit) => openDashboardChannel({ supabase: createClient(), queryClient, userId, emit }),
        setStatus,
      ),
    [userId, queryClient],
  );

  return status;
}
