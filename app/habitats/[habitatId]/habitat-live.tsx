"use client";

// Keeps the habitat's page as the database has it: a member who joins, leaves, is removed or
// changes role, and a party scheduled, changed or deleted, arrive on the habitat's private topic,
// and the page's server components render again (once for a burst of changes). What was broadcast
// while the channel was down is read on every (re)subscription. A viewer who is removed gets the
// page a non-member gets.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ConnectionBadge } from "@/components/connection-badge";
import { listenToHabitat } from "@/lib/streaming/habitat-topic";
import type { ConnectionStatus } from "@/lib/streaming/resilient-channel";
import { createClient } from "@/lib/supabase/client";

/** Changes closer together than this render the page once. */
const REFRESH_AFTER_MS = 300;

export function HabitatLive({ habitatId }: { habitatId: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        router.refresh();
      }, REFRESH_AFTER_MS);
    };
    const stop = listenToHabitat(createClient(), habitatId, {
      onMemberChanged: refresh,
      onPartyChanged: refresh,
      onSubscribed: refresh,
      onStatus: setStatus,
    });
    return () => {
      if (timer) clearTimeout(timer);
      stop();
    };
  }, [habitatId, router]);

  return <ConnectionBadge status={status} />;
}
