"use client";

// One estimate of the server's clock per page (every player of the page shares it), measured
// against the database through the browser's client, again every minute and on return to the tab.
import { createClient } from "@/lib/supabase/client";
import { createServerClock, type ServerClock } from "./clock";
import { PlaybackRepository } from "./playback-repository";

let shared: ServerClock | null = null;

export function sharedServerClock(): ServerClock {
  if (shared) return shared;
  const repository = new PlaybackRepository(createClient());
  const clock = createServerClock({ readServerTime: () => repository.serverTime() });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void clock.resync();
  });
  shared = clock;
  return clock;
}
