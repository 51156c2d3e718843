"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo, useRef } from "react";
import { ConnectionBadge } from "@/components/connection-badge";
import { Countdown } from "@/components/countdown";
import { JoinLeaveButton } from "@/components/join-leave-button";
import { LocalTime } from "@/components/local-time";
import { MediaPlayer } from "@/components/media-player";
import { OnlineNow } from "@/components/online-now";
import { ParticipantCount } from "@/components/participant-count";
import { ParticipantList } from "@/components/participant-list";
import { ReminderSwitch } from "@/components/reminder-switch";
import { Card } from "@/components/ui/card";
import { SESSION_EXPIRED } from "@/lib/streaming/errors";
import { onlineMembers } from "@/lib/streaming/party-channel";
import { habitatMembersQuery, participantsQuery, partyQuery } from "@/lib/streaming/queries";
import type { HabitatMember, Participant, Viewer, WatchParty } from "@/lib/streaming/types";
import { usePartyRealtime } from "@/lib/streaming/use-party-realtime";
import { usePartyActions } from "./use-party-actions";

export interface PartyRoomProps {
  partyId: string;
  initialParty: WatchParty;
  initialParticipants: Participant[];
  /** the habitat's members: presence is shown only for them, with these names */
  initialMembers: HabitatMember[];
  viewer: Viewer;
  habitatName: string;
  parentHost: string;
}

function joinUnavailableReason(party: WatchParty): string | null {
  if (party.status === "ended") return "This party has ended";
  if (party.status === "cancelled") return "This party was cancelled";
  return null;
}

export function PartyRoom({ partyId, initialParty, initialParticipants, initialMembers, viewer, habitatName, parentHost }: PartyRoomProps) {
  const partyResult = useQuery({ ...partyQuery(partyId), initialData: initialParty });
  const participantsResult = useQuery({ ...participantsQuery(partyId), initialData: initialParticipants });
  const membersResult = useQuery({ ...habitatMembersQuery(initialParty.habitatId), initialData: initialMembers });
  const live = usePartyRealtime(partyId, initialParty.habitatId, viewer);
  const { run, error, dismissError, pending } = usePartyActions(partyId, viewer);

  // the host's controls on a person go away once used: focus moves to the list's heading
  const participantsHeading = useRef<HTMLHeadingElement>(null);
  const online = useMemo(() => onlineMembers(live.presentUserIds, membersResult.data), [live.presentUserIds, membersResult.data]);
  const onlineUserIds = useMemo(() => new Set(online.map((user) => user.userId)), [online]);
  const party = partyResult.data;
  const participants = participantsResult.data;

  if (party === null) {
    return (
      <div className="space-y-4">
        <h1 className="text-3xl font-bold tracking-tight">You no longer have access to this party</h1>
        <p className="text-muted">You may have left its habitat, or the party was deleted.</p>
        {error ? <ActionError message={error} onDismiss={dismissError} /> : null}
        <Link href="/" className="font-medium text-accent underline underline-offset-4">
          Go to the dashboard
        </Link>
      </div>
    );
  }

  const joined = party.isUserParticipant;
  const viewerIsHost = participants.some((p) => p.userId === viewer.id && p.isHost);
  const targetPending = pending?.type === "makeHost" || pending?.type === "remove" ? pending.userId : null;

  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href={`/habitats/${party.habitatId}`} className="text-accent underline-offset-4 hover:underline">
            {habitatName}
          </Link>
        </p>
        <h1 className="text-3xl font-bold tracking-tight break-words">{party.title}</h1>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-muted">
          <LocalTime iso={party.scheduledStart} />
          <Countdown start={party.scheduledStart} end={party.scheduledEnd} />
          <ConnectionBadge status={live.status} />
        </p>
        {partyResult.isError || participantsResult.isError ? (
          <p role="status" className="text-sm text-danger">
            Could not refresh the party. Showing what we had; it updates again when the connection is back.
          </p>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-4">
          <MediaPlayer title={party.title} mediaUrl={party.mediaUrl} parentHost={parentHost} />
          {party.description ? <p className="whitespace-pre-line text-muted">{party.description}</p> : null}
        </div>

        <Card aria-labelledby="your-spot-heading" className="space-y-4 self-start">
          <h2 id="your-spot-heading" className="sr-only">
            Your participation
          </h2>
          <ParticipantCount count={party.participantCount} />
          <JoinLeaveButton
            joined={joined}
            pending={pending?.type === "join" || pending?.type === "leave"}
            joinUnavailableReason={joinUnavailableReason(party)}
            onJoin={() => run({ type: "join" })}
            onLeave={() => run({ type: "leave" })}
          />
          <ReminderSwitch
            enabled={party.userReminderEnabled}
            joined={joined}
            pending={pending?.type === "reminder"}
            onChange={(enabled) => run({ type: "reminder", enabled })}
          />
          <div className="min-h-6">
            {error ? <ActionError message={error} onDismiss={dismissError} /> : null}
          </div>
        </Card>
      </div>

      <div className="grid gap-6 md:grid-cols-[minmax(0,1fr)_16rem]">
        <Card aria-labelledby="participants-heading">
          <h2 id="participants-heading" ref={participantsHeading} tabIndex={-1} className="mb-2 text-lg font-semibold outline-none">
            Participants
          </h2>
          <ParticipantList
            participants={participants}
            viewerId={viewer.id}
            viewerIsHost={viewerIsHost}
            onlineUserIds={onlineUserIds}
            pendingUserId={targetPending}
            onMakeHost={(participant) => {
              participantsHeading.current?.focus();
              run({ type: "makeHost", userId: participant.userId });
            }}
            onRemove={(participant) => {
              participantsHeading.current?.focus();
              run({ type: "remove", userId: participant.userId });
            }}
          />
        </Card>
        <Card aria-labelledby="online-heading" className="self-start">
          <h2 id="online-heading" className="mb-2 text-lg font-semibold">
            Online now
          </h2>
          <OnlineNow users={online} connected={live.status === "live"} />
        </Card>
      </div>
    </article>
  );
}

function ActionError({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  const pathname = usePathname();
  return (
    <div role="alert" className="flex items-start justify-between gap-2 rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
      <span>
        {message}
        {message === SESSION_EXPIRED ? (
          <>
            {" "}
            <a href={`/login?next=${encodeURIComponent(pathname)}`} className="font-medium underline underline-offset-2">
              Sign in
            </a>
          </>
        ) : null}
      </span>
      <button type="button" onClick={onDismiss} className="font-medium underline underline-offset-2">
        Dismiss
      </button>
    </div>
  );
}
