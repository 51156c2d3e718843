// The party room's realtime channel: participant rows (INSERT, UPDATE) and the party row (UPDATE)
// patch the React Query cache, presence says who has the room open. Hosted Supabase delivers no
// DELETE on a filtered subscription, so "someone left" is read from the party row's
// participant_count and answered with a refetch. Realtime does not replay missed events: every
// (re)subscribe and every return to the tab refetches.
import type { QueryClient } from "@tanstack/react-query";
import type { Database } from "@/lib/database.types";
import { withParticipantRow, withParticipantsSummary, withPartyRow, withReminder } from "./party-state";
import { queryKeys } from "./queries";
import { refetchOnResume } from "./refetch-on-resume";
import { openResilientChannel, type ConnectionStatus } from "./resilient-channel";
import type { StreamingClient } from "./streaming-repository";
import type { OnlineUser, Participant, Viewer, WatchParty } from "./types";

type PartyRow = Database["public"]["Tables"]["habitat_watch_parties"]["Row"];
type ParticipantRow = Database["public"]["Tables"]["stream_participants"]["Row"];

export type { ConnectionStatus };

export interface PartyLiveState {
  status: ConnectionStatus;
  online: OnlineUser[];
}

export const INITIAL_LIVE_STATE: PartyLiveState = { status: "connecting", online: [] };

/** The mutation key every participant action of a party uses (realtime waits while one runs). */
export const partyMutationKey = (partyId: string) => ["party-action", partyId] as const;

interface PresenceMeta {
  user_id?: unknown;
  display_name?: unknown;
}

/** Presence state → one entry per user (several tabs count once), by name. */
export function onlineUsersFrom(state: Record<string, PresenceMeta[]>): OnlineUser[] {
  const users = new Map<string, OnlineUser>();
  for (const [key, metas] of Object.entries(state)) {
    const meta = metas[0];
    const userId = typeof meta?.user_id === "string" ? meta.user_id : key;
    const displayName = typeof meta?.display_name === "string" ? meta.display_name : "Member";
    if (userId) users.set(userId, { userId, displayName });
  }
  return [...users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export interface PartyChannelOptions {
  supabase: StreamingClient;
  queryClient: QueryClient;
  partyId: string;
  viewer: Viewer;
  emit: (state: PartyLiveState) => void;
}

export function openPartyChannel({ supabase, queryClient, partyId, viewer, emit }: PartyChannelOptions): () => void {
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
  };

  const onParticipantUpdate = (row: ParticipantRow) => {
    const list = queryClient.setQueryData<Participant[]>(participantsKey, (current) =>
      current ? withParticipantRow(current, row) : current,
    );
    queryClient.setQueryData<WatchParty | null>(partyKey, (party) => {
      if (!party) return party;
      const summarized = list ? withParticipantsSummary(party, list, viewer.id) : party;
      return row.user_id === viewer.id && row.reminder_enabled !== null
        ? withReminder(summarized, row.reminder_enabled)
        : summarized;
    });
  };

  const onPartyUpdate = (row: PartyRow) => {
    queryClient.setQueryData<WatchParty | null>(partyKey, (party) => (party ? withPartyRow(party, row) : party));
    const list = queryClient.getQueryData<Participant[]>(participantsKey);
    // someone joined or left (or was removed): the list and the viewer's own state are refetched
    if (!list || list.length !== row.participant_count) refetch();
  };

  const participantFilter = `stream_id=eq.${partyId}`;
  const stop = openResilientChannel({
    supabase,
    topic: `party:${partyId}`,
    config: { presence: { key: viewer.id, enabled: true } },
    bind: (channel) => {
      channel
        .on<ParticipantRow>(
          "postgres_changes",
          { event: "INSERT", schema: "public", table: "stream_participants", filter: participantFilter },
          // the row has no display name: read the list again
          () => refetch(),
        )
        .on<ParticipantRow>(
          "postgres_changes",
          { event: "UPDATE", schema: "public", table: "stream_participants", filter: participantFilter },
          (payload) => onParticipantUpdate(payload.new),
        )
        .on<PartyRow>(
          "postgres_changes",
          { event: "UPDATE", schema: "public", table: "habitat_watch_parties", filter: `id=eq.${partyId}` },
          (payload) => onPartyUpdate(payload.new),
        )
        .on("presence", { event: "sync" }, () => {
          update({ online: onlineUsersFrom(channel.presenceState<PresenceMeta>()) });
        });
    },
    onSubscribed: (channel) => {
      void channel.track({ user_id: viewer.id, display_name: viewer.displayName });
      // whatever happened between the page render (or the last connection) and now
      refetch();
    },
    onStatus: (status) => update({ status }),
  });

  const stopResume = refetchOnResume(refetch);

  return () => {
    stopResume();
    stop();
  };
}
