import { ParticipantRow } from "@/components/participant-row";
import { nameTagsFor } from "@/lib/streaming/name-tags";
import { canManageParticipant } from "@/lib/streaming/party-state";
import type { Participant } from "@/lib/streaming/types";

export interface ParticipantListProps {
  /** In join order. */
  participants: readonly Participant[];
  viewerId: string;
  viewerIsHost: boolean;
  /** Tags for people who share a name (nameTagsFor over everyone the room shows); from the list itself when absent. */
  nameTags?: ReadonlyMap<string, string>;
  onlineUserIds?: ReadonlySet<string>;
  /** The participant an action is running for (their controls wait). */
  pendingUserId?: string | null;
  onMakeHost?: (participant: Participant) => void;
  onRemove?: (participant: Participant) => void;
}

export function ParticipantList({
  participants,
  viewerId,
  viewerIsHost,
  nameTags = nameTagsFor(participants),
  onlineUserIds,
  pendingUserId = null,
  onMakeHost,
  onRemove,
}: ParticipantListProps) {
  return (
    <div>
      <ul aria-label="Participants" className="divide-y divide-border">
        {participants.map((participant) => (
          <ParticipantRow
            key={participant.userId}
            participant={participant}
            nameTag={nameTags.get(participant.userId)}
            isViewer={participant.userId === viewerId}
            online={onlineUserIds?.has(participant.userId) ?? false}
            manageable={canManageParticipant(viewerId, viewerIsHost, participant)}
            pending={pendingUserId === participant.userId}
            onMakeHost={onMakeHost}
            onRemove={onRemove}
          />
        ))}
      </ul>
      {participants.length === 0 ? <p className="px-3 py-4 text-muted">Nobody has joined yet. The first to join hosts the party.</p> : null}
    </div>
  );
}
