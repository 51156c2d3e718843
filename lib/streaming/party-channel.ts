// The party room's realtime channel: the private topic party:<partyId>, which only members of the
// party's habitat may hear (RLS on realtime.messages). The database broadcasts every join (with the
// participant as the list shows them), leave, host change and change of the party row (but of its
// count: the room counts its list); each
// patches the React Query cache, so nobody refetches per event. Presence says who has the room
// open, trusted only for keys that are members of the habitat, named from the app's own data.
// Realtime does not replay missed events: every (re)subscribe and every return to the tab refetches.
// The room's playback and chat arrive here too (lib/playback, lib/chat), and participant events
// leave join, leave and host-change lines for the chat.
import type { QueryClient } from "@tanstack/react-query";
import { activityFor, activityKey, withActivity } from "@/lib/chat/activity";
import { withMessage, withMessageEdited, withoutMessage, type ChatData } from "@/lib/chat/chat-cache";
import { chatKey } from "@/lib/chat/queries";
import type { ActivityLine } from "@/lib/chat/types";
import { playbackKey } from "@/lib/playback/queries";
import { newerState } from "@/lib/playback/timeline";
import type { PlaybackState } from "@/lib/playback/types";
import { parsePartyEvent, PARTY_EVENTS, type PartyEvent } from "./live-events";
import {
  listAgreesWithParty,
  withParticipantJoined,
  withParticipantRemoved,
  withParticipantRow,
  withParticipantsSummary,
  withPartyRow,
} from "./party-state";
import { queryKeys } from "./queries";
import { refetchOnResume } from "./refetch-on-resume";
import { openResilientChannel, type ConnectionStatus } from "./resilient-channel";
import type { StreamingClient } from "./streaming-repository";
import type { HabitatMember, OnlineUser, Participant, Viewer, WatchParty } from "./types";

export type { ConnectionStatus };

export interface PartyLiveState {
  status: ConnectionStatus;
  /** presence keys, as the server reports them (anyone may claim any key: see onlineMembers) */
  presentUserIds: string[];
}

export const INITIAL_LIVE_STATE: PartyLiveState = { status: "connecting", presentUserIds: [] };

/** The mutation key every participant action of a party uses (realtime waits while one runs). */
export const partyMutationKey = (partyId: string) => ["party-action", partyId] as const;

/**
 * Who is online: presence keys that are members of the habitat, once each, named from the members
 * list (never from the presence payload), by name.
 */
export function onlineMembers(presentUserIds: readonly string[], members: readonly HabitatMember[]): OnlineUser[] {
  const present = new Set(presentUserIds);
  return members
    .filter((member) => present.has(member.userId))
    .map((member) => ({ userId: member.userId, displayName: member.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
}

export interface PartyChannelOptions {
  supabase: StreamingClient;
  queryClient: QueryClient;
  partyId: string;
  /** the party's habitat: whose members may be shown online */
  habitatId: string;
  viewer: Viewer;
  emit: (state: PartyLiveState) => void;
  /** how often the room checks its list against the party's row (default once a minute; listAgreesWithParty) */
  reconcileEveryMs?: number;
}

/**
 * Realtime does not guarantee delivery: a broadcast committed while realtime's replication slot is
 * being recreated (after a database restart, on hosted Supabase too) never arrives. The room reads
 * the party's row now and then and reads the list again when its count disagrees.
 */
export const RECONCILE_EVERY_MS = 60_000;

export function openPartyChannel({
  supabase,
  queryClient,
  partyId,
  habitatId,
  viewer,
  emit,
  reconcileEveryMs = RECONCILE_EVERY_MS,
}: PartyChannelOptions): () => void {
  let state = INITIAL_LIVE_STATE;
  const update = (patch: Partial<PartyLiveState>) => {
    state = { ...state, ...patch };
    emit(state);
  };
  const partyKey = queryKeys.party(partyId);
  const participantsKey = queryKeys.participants(partyId);

  // While an action of this party runs, its own onSettled refetches; a refetch started now could
  // read the database before the action commits and undo the optimistic update for a moment.
  const refetch = () => {
    if (queryClient.isMutating({ mutationKey: partyMutationKey(partyId) }) > 0) return;
    void queryClient.invalidateQueries({ queryKey: partyKey });
    void queryClient.invalidateQueries({ queryKey: participantsKey });
    void queryClient.invalidateQueries({ queryKey: queryKeys.habitatMembers(habitatId) });
    void queryClient.invalidateQueries({ queryKey: playbackKey(partyId) });
    void queryClient.invalidateQueries({ queryKey: chatKey(partyId) });
  };

  const setParticipants = (change: (list: Participant[]) => Participant[]) => {
    const list = queryClient.setQueryData<Participant[]>(participantsKey, (current) => (current ? change(current) : current));
    if (list)
      queryClient.setQueryData<WatchParty | null>(partyKey, (party) => (party ? withParticipantsSummary(party, list, viewer.id) : party));
  };

  const apply = (event: PartyEvent) => {
    const line = activityFor(event, queryClient.getQueryData<Participant[]>(participantsKey), new Date().toISOString());
    if (line) queryClient.setQueryData<ActivityLine[]>(activityKey(partyId), (lines) => withActivity(lines, line));
    switch (event.type) {
      case "participant_joined":
        return setParticipants((list) => withParticipantJoined(list, event.participant));
      case "participant_left":
        return setParticipants((list) => withParticipantRemoved(list, event.userId));
      case "participant_changed":
        return setParticipants((list) =>
          withParticipantRow(list, { id: event.participantId, user_id: event.userId, is_host: event.isHost }),
        );
      case "party_changed":
        if (event.change.operation === "DELETE") {
          queryClient.setQueryData<WatchParty | null>(partyKey, null);
          return;
        }
        queryClient.setQueryData<WatchParty | null>(partyKey, (party) => (party ? withPartyRow(party, event.change.record) : party));
        return;
      case "playback_changed":
        queryClient.setQueryData<PlaybackState | null>(playbackKey(partyId), (current) => newerState(current, event.state));
        return;
      case "chat_message":
        queryClient.setQueryData<ChatData>(chatKey(partyId), (data) => withMessage(data, event.message));
        return;
      case "chat_message_edited":
        queryClient.setQueryData<ChatData>(chatKey(partyId), (data) => withMessageEdited(data, event.edit));
        return;
      case "chat_message_deleted":
        queryClient.setQueryData<ChatData>(chatKey(partyId), (data) => withoutMessage(data, event.messageId));
    }
  };

  const stop = openResilientChannel({
    supabase,
    topic: `party:${partyId}`,
    config: { presence: { key: viewer.id, enabled: true } },
    bind: (channel) => {
      for (const name of PARTY_EVENTS) {
        channel.on("broadcast", { event: name }, ({ payload }: { payload: unknown }) => {
          const event = parsePartyEvent(name, payload);
          if (event) apply(event);
        });
      }
      channel.on("presence", { event: "sync" }, () => {
        update({ presentUserIds: Object.keys(channel.presenceState()) });
      });
    },
    onSubscribed: (channel) => {
      // the presence payload carries nothing others rely on: names come from the members list
      void channel.track({ online_at: new Date().toISOString() });
      // whatever happened between the page render (or the last connection) and now
      refetch();
    },
    onStatus: (status) => update({ status }),
  });

  const stopResume = refetchOnResume(refetch);
  const reconcile = setInterval(() => {
    if (queryClient.isMutating({ mutationKey: partyMutationKey(partyId) }) > 0) return;
    void queryClient.refetchQueries({ queryKey: partyKey, type: "active" }).then(() => {
      const party = queryClient.getQueryData<WatchParty | null>(partyKey);
      const list = queryClient.getQueryData<Participant[]>(participantsKey);
      if (party && list && !listAgreesWithParty(party, list, viewer.id)) void queryClient.invalidateQueries({ queryKey: participantsKey });
    });
  }, reconcileEveryMs);

  return () => {
    clearInterval(reconcile);
    stopResume();
    stop();
  };
}
