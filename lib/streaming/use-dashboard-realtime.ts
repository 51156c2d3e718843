"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createClient } from "@/lib/supabase/client";
import { openDashboardChannel, type DashboardHabitat } from "./dashboard-channel";
import type { ConnectionStatus } from "./resilient-channel";
import { SharedSubscriptions } from "./shared-subscription";

const channels = new SharedSubscriptions<ConnectionStatus>();

/** Keeps the dashboard's upcoming parties (counts above all) live; returns the connection status. */
export function useDashboardRealtime(userId: string, habitats: readonly DashboardHabitat[]): ConnectionStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  // one subscription per set of habitats, whatever the array's identity
  const habitatsKey = JSON.stringify(habitats.map(({ id, name }) => ({ id, name })));

  useEffect(() => {
    const list = JSON.parse(habitatsKey) as DashboardHabitat[];
    return channels.retain(
      `${userId}:${habitatsKey}`,
      "connecting",
      (emit) => openDashboardChannel({ supabase: createClient(), queryClient, habitats: list, emit }),
      setStatus,
    );
  }, [userId, habitatsKey, queryClient]);

  return status;
}
