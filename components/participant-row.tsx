import { useId } from "react";
import { HostBadge } from "@/components/host-badge";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import type { Participant } from "@/lib/streaming/types";

export interface ParticipantRowProps {
  participant: Participant;
  /** Tells this person apart from others of the same name (nameTagsFor); none when the name is theirs alone. */
  nameTag?: string;
  isViewer: boolean;
  online: boolean;
  /** Show "Make host" and "Remove" (the viewer hosts and this is someone else). */
  manageable: boolean;
  pending: boolean;
  onMakeHost?: (participant: Participant) => void;
  onRemove?: (participant: Participant) => void;
}

/** One participant: avatar, name, "Host" badge, and for the host the controls over this person. */
export function ParticipantRow({ participant, nameTag, isViewer, online, manageable, pending, onMakeHost, onRemove }: ParticipantRowProps) {
  const nameId = useId();
  const tagId = useId();
  // the host's controls are described by the name, and by the tag when there is one
  const describedBy = nameTag ? `${nameId} ${tagId}` : nameId;
  return (
    <li className="flex min-h-14 items-center gap-3 px-3 py-2">
      <span className="relative">
        <Avatar name={participant.displayName} url={participant.avatarUrl} />
        {online ? (
          <span aria-hidden="true" className="absolute -bottom-0.5 -right-0.5 size-3 rounded-full border-2 border-surface bg-success" />
        ) : null}
      </span>
      <span className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-1">
        <span id={nameId} className="truncate font-medium">
          {participant.displayName}
        </span>
        {nameTag ? (
          <span id={tagId} className="shrink-0 text-sm text-muted">
            {nameTag}
          </span>
        ) : null}
        {isViewer ? <span className="text-sm text-muted">(you)</span> : null}
        {participant.isHost ? <HostBadge /> : null}
        {online ? <span className="sr-only">online</span> : null}
      </span>
      {manageable ? (
        <span className="flex shrink-0 gap-2">
          <Button size="sm" variant="secondary" pending={pending} aria-describedby={describedBy} onClick={() => onMakeHost?.(participant)}>
            Make host
          </Button>
          <Button size="sm" variant="danger" pending={pending} aria-describedby={describedBy} onClick={() => onRemove?.(participant)}>
            Remove
          </Button>
        </span>
      ) : null}
    </li>
  );
}
