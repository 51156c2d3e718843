import type { OnlineUser } from "@/lib/streaming/types";

/** Who has the party room open right now (realtime presence). */
export function OnlineNow({ users, connected }: { users: readonly OnlineUser[]; connected: boolean }) {
  return (
    <div>
      <ul aria-label="Online now" className="space-y-2">
        {users.map((user) => (
          <li key={user.userId} className="flex items-center gap-2">
            <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-success" />
            <span className="truncate">{user.displayName}</span>
          </li>
        ))}
      </ul>
      {users.length === 0 ? (
        <p className="text-sm text-muted">{connected ? "Nobody else is here right now." : "Connecting…"}</p>
      ) : null}
    </div>
  );
}
