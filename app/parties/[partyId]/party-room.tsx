"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo, useRef } from "react";
import { ConnectionBadge } from "@/components/connection-badge";
import { Countdown } from "@/components/countdown";
import { JoinLeaveButton } from "@/components/join-leave-button";
import { LocalTime } from "@/components/local-time";
import { ChatPanel } from "@/components/chat/chat-panel";
import { OnlineNow } from "@/components/online-now";
import { ParticipantCount } from "@/components/participant-count";
import { ParticipantList } from "@/components/participant-list";
import { SyncedPlayer } from "@/components/player/synced-player";
import { ReminderSwitch } from "@/components/reminder-switch";
import { Card } from "@/components/ui/card";
import { SESSION_EXPIRED } from "@/lib/streaming/errors";
import { nameTagsFor } from "@/lib/streaming/name-tags";
import { onlineMembers } from "@/lib/streaming/party-channel";
import { habitatMembersQuery, participantsQuery, partyQuery } from "@/lib/streaming/queries";
import type { HabitatMember, Participant, Viewer, WatchParty } from "@/lib/streaming/types";
import { usePartyRealtime } from "@/lib/streaming/use-party-realtime";
import { ReminderLead } from "./reminder-lead";
import { StartingNow } from "./starting-now";
import { PartyManagement } from "./party-management";
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
  // members who share a name get a tag, the same in both lists (a participant is a member)
  const nameTags = useMemo(() => nameTagsFor([...membersResult.data, ...participants]), [membersResult.data, participants]);

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
  // the host drives the player, participants follow, members who have not joined watch unsynced
  const playbackRole = joined ? (viewerIsHost ? "host" : "participant") : "viewer";
  const hostName = participants.find((p) => p.isHost)?.displayName ?? null;
  const viewerRole = membersResult.data.find((member) => member.userId === viewer.id)?.role;
  const canModerateChat = viewerIsHost || viewerRole === "owner" || viewerRole === "moderator";
  // its creator (a member, since they see it), its host, the habitat's owners and moderators; not once it is over
  const canManageParty = (canModerateChat || party.createdBy === viewer.id) && party.status !== "cancelled" && party.status !== "ended";
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
          {party.status === "cancelled" ? (
            <strong role="status" className="text-danger">
              This party was cancelled
            </strong>
          ) : (
            <Countdown start={party.scheduledStart} end={party.scheduledEnd} />
          )}
          <ConnectionBadge status={live.status} />
          <a href={`/parties/${party.id}/calendar.ics`} download className="text-accent underline-offset-4 hover:underline">
            Add to calendar
          </a>
        </p>
        <StartingNow party={party} />
        {partyResult.isError || participantsResult.isError ? (
          <p role="status" className="text-sm text-danger">
            Could not refresh the party. Showing what we had; it updates again when the connection is back.
          </p>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-4">
          <SyncedPlayer
            partyId={partyId}
            title={party.title}
            mediaUrl={party.mediaUrl}
            parentHost={parentHost}
            viewerId={viewer.id}
            role={playbackRole}
            hostName={hostName}
          />
          {party.description ? <p className="whitespace-pre-line text-muted">{party.description}</p> : null}
        </div>

        <div className="space-y-4 self-start">
          <Card aria-labelledby="your-spot-heading" className="space-y-4">
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
            <ReminderLead partyId={party.id} visible={joined && party.userReminderEnabled} />
            <div className="min-h-6">{error ? <ActionError message={error} onDismiss={dismissError} /> : null}</div>
          </Card>
          {canManageParty ? <PartyManagement party={party} /> : null}
          <ChatPanel partyId={partyId} viewerId={viewer.id} canPost={joined} canModerate={canModerateChat} />
        </div>
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
            nameTags={nameTags}
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
          <OnlineNow users={online} connected={live.status === "live"} nameTags={nameTags} />
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
