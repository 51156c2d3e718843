import { nameTagsFor } from "@/lib/streaming/name-tags";
import type { OnlineUser } from "@/lib/streaming/types";

/** How many names the list shows before "and N more". */
export const ONLINE_SHOWN = 12;

export interface OnlineNowProps {
  users: readonly OnlineUser[];
  connected: boolean;
  /** Tags for people who share a name (nameTagsFor over everyone the room shows); from the list itself when absent. */
  nameTags?: ReadonlyMap<string, string>;
}

/** Who has the party room open right now (realtime presence of the habitat's members). */
export function OnlineNow({ users, connected, nameTags = nameTagsFor(users) }: OnlineNowProps) {
  const shown = users.slice(0, ONLINE_SHOWN);
  const more = users.length - shown.length;
  return (
    <div>
      <ul aria-label="Online now" className="space-y-2">
        {shown.map((user) => (
          <li key={user.userId} className="flex items-center gap-2">
            <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-success" />
            <span className="truncate">{user.displayName}</span>
            {nameTags.has(user.userId) ? <span className="shrink-0 text-sm text-muted">{nameTags.get(user.userId)}</span> : null}
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="mt-2 text-sm text-muted">and {more} more</p> : null}
      {users.length === 0 ? <p className="text-sm text-muted">{connected ? "Nobody else is here right now." : "Connecting…"}</p> : null}
    </div>
  );
}
