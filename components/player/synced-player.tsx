"use client";

// The party's player, synced to the host: the media itself (components/media-player.tsx), who
// drives it, the switch between following the host and watching alone, and what went wrong.
import { useState } from "react";
import { MediaPlayer } from "@/components/media-player";
import { Button } from "@/components/ui/button";
import type { PlayerAdapter } from "@/lib/playback/types";
import { useSyncedPlayback, type PlaybackRole } from "@/lib/playback/use-synced-playback";
import { SyncStatus } from "./sync-status";

export interface SyncedPlayerProps {
  partyId: string;
  title: string;
  mediaUrl: string | null;
  parentHost: string;
  viewerId: string;
  role: PlaybackRole;
  hostName: string | null;
}

export function SyncedPlayer({ partyId, title, mediaUrl, parentHost, viewerId, role, hostName }: SyncedPlayerProps) {
  const [player, setPlayer] = useState<PlayerAdapter | null>(null);
  const [unmute, setUnmute] = useState<(() => void) | null>(null);
  const { mode, setMode, error, dismissError } = useSyncedPlayback(partyId, viewerId, role, player);

  return (
    <div className="space-y-2">
      <MediaPlayer
        title={title}
        mediaUrl={mediaUrl}
        parentHost={parentHost}
        onPlayer={setPlayer}
        onAutoplayMuted={(restore) => setUnmute(() => restore)}
      />
      {mediaUrl ? <SyncStatus role={role} mode={mode} hostName={hostName} onModeChange={setMode} /> : null}
      {unmute ? (
        <p className="flex items-center gap-2 text-sm text-muted">
          Your browser started the video muted.
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              unmute();
              setUnmute(null);
            }}
          >
            Unmute
          </Button>
        </p>
      ) : null}
      {error ? (
        <div role="alert" className="flex items-start justify-between gap-2 rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
          <span>{error}</span>
          <button type="button" onClick={dismissError} className="font-medium underline underline-offset-2">
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
