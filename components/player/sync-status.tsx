import { Button } from "@/components/ui/button";
import type { FollowMode, PlaybackRole } from "@/lib/playback/use-synced-playback";

export interface SyncStatusProps {
  role: PlaybackRole;
  mode: FollowMode;
  /** the host's name, when there is a host */
  hostName: string | null;
  onModeChange: (mode: FollowMode) => void;
}

function statusText({ role, mode, hostName }: Omit<SyncStatusProps, "onModeChange">): string {
  if (role === "host") return "You control playback";
  if (role === "viewer") return "Join the party to watch in sync";
  if (mode === "own") return "Watching on your own";
  return hostName ? `Synced with ${hostName}` : "Synced with the host";
}

/** Who drives the player, said politely when it changes, and the switch between following and watching alone. */
export function SyncStatus(props: SyncStatusProps) {
  const { role, mode, onModeChange } = props;
  return (
    <div className="flex min-h-10 flex-wrap items-center justify-between gap-2">
      <p role="status" className="text-sm font-medium">
        {statusText(props)}
      </p>
      {role === "participant" ? (
        mode === "synced" ? (
          <Button variant="secondary" size="sm" onClick={() => onModeChange("own")}>
            Watch on my own
          </Button>
        ) : (
          <Button size="sm" onClick={() => onModeChange("synced")}>
            Sync with host
          </Button>
        )
      ) : null}
    </div>
  );
}
