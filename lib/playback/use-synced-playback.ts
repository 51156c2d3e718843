"use client";

// Wires a party's player to its playback state: the host's player drives it (host-driver.ts), a
// participant's follows it unless they chose to watch on their own (follower.ts), a member who
// has not joined watches unsynced. The state lives in React Query under playbackKey, patched by
// the room's channel; the server's clock comes from sharedServerClock().
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { setPlayback } from "@/app/parties/[partyId]/playback-actions";
import { createFollower } from "./follower";
import { createHostDriver, type PlaybackWrite } from "./host-driver";
import { playbackKey, playbackQuery } from "./queries";
import { sharedServerClock } from "./shared-clock";
import { newerState } from "./timeline";
import type { PlaybackState, PlayerAdapter } from "./types";

export type PlaybackRole = "host" | "participant" | "viewer";
export type FollowMode = "synced" | "own";

export interface SyncedPlayback {
  mode: FollowMode;
  setMode: (mode: FollowMode) => void;
  /** the last refused write of the host, as a sentence */
  error: string | null;
  dismissError: () => void;
}

interface Engine {
  stateChanged(): void;
  stop(): void;
}

export function useSyncedPlayback(partyId: string, viewerId: string, role: PlaybackRole, player: PlayerAdapter | null): SyncedPlayback {
  const queryClient = useQueryClient();
  const { data: state } = useQuery(playbackQuery(partyId));
  const [mode, setMode] = useState<FollowMode>("synced");
  // a new role (joined, became host, handed over) starts in sync
  const [modeRole, setModeRole] = useState(role);
  if (modeRole !== role) {
    setModeRole(role);
    setMode("synced");
  }
  const [error, setError] = useState<string | null>(null);
  const engine = useRef<Engine | null>(null);

  useEffect(() => {
    if (!player || role === "viewer" || (role === "participant" && mode === "own")) return;
    const clock = sharedServerClock();
    const key = playbackKey(partyId);
    // nothing to follow until the clock is measured: positions are on the server's time
    const getState = () => (clock.estimate() ? (queryClient.getQueryData<PlaybackState | null>(key) ?? null) : null);
    const write = async (next: PlaybackWrite) => {
      const result = await setPlayback({ partyId, ...next });
      if (!result.ok) throw new Error(result.error);
      setError(null);
      queryClient.setQueryData<PlaybackState | null>(key, (current) => newerState(current, result.data));
    };
    const created: Engine =
      role === "host"
        ? createHostDriver({ player, serverNow: clock.now, getState, write, viewerId, onError: setError })
        : createFollower({ player, serverNow: clock.now, getState, onTakeover: () => setMode("own") });
    engine.current = created;
    // the clock's first estimate arrives shortly: act on the state then
    const firstEstimate = setInterval(() => {
      if (!clock.estimate()) return;
      clearInterval(firstEstimate);
      created.stateChanged();
    }, 50);
    return () => {
      clearInterval(firstEstimate);
      engine.current = null;
      created.stop();
    };
  }, [player, role, mode, partyId, viewerId, queryClient]);

  useEffect(() => {
    engine.current?.stateChanged();
  }, [state]);

  return { mode, setMode, error, dismissError: () => setError(null) };
}
