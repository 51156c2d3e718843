"use client";

// Participant actions with optimistic updates: the cache changes at once, the server action runs,
// and a failure restores the previous state and says why.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { GENERIC_FAILURE } from "@/lib/streaming/errors";
import { partyMutationKey } from "@/lib/streaming/party-channel";
import {
  withHostTransferred,
  withParticipantAdded,
  withParticipantRemoved,
  withParticipantsSummary,
  withReminder,
} from "@/lib/streaming/party-state";
import { queryKeys } from "@/lib/streaming/queries";
import type { Participant, Viewer, WatchParty } from "@/lib/streaming/types";
import { joinParty, leaveParty, makeHost, removeParticipant, setReminder } from "./actions";

export type PartyAction =
  | { type: "join" }
  | { type: "leave" }
  | { type: "reminder"; enabled: boolean }
  | { type: "makeHost"; userId: string }
  | { type: "remove"; userId: string };

class ActionFailure extends Error {}

function send(partyId: string, action: PartyAction): Promise<ActionResult<unknown>> {
  switch (action.type) {
    case "join":
      return joinParty(partyId);
    case "leave":
      return leaveParty(partyId);
    case "reminder":
      return setReminder({ partyId, enabled: action.enabled });
    case "makeHost":
      return makeHost({ partyId, userId: action.userId });
    case "remove":
      return removeParticipant({ partyId, userId: action.userId });
  }
}

function applyToList(list: Participant[], action: PartyAction, viewer: Viewer): Participant[] {
  switch (action.type) {
    case "join":
      return withParticipantAdded(list, viewer, new Date().toISOString());
    case "leave":
      return withParticipantRemoved(list, viewer.id);
    case "remove":
      return withParticipantRemoved(list, action.userId);
    case "makeHost":
      return withHostTransferred(list, action.userId);
    case "reminder":
      return list;
  }
}

interface Snapshot {
  party: WatchParty | null | undefined;
  participants: Participant[] | undefined;
}

export function usePartyActions(partyId: string, viewer: Viewer) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const partyKey = queryKeys.party(partyId);
  const participantsKey = queryKeys.participants(partyId);
  const mutationKey = partyMutationKey(partyId);

  const mutation = useMutation<unknown, Error, PartyAction, Snapshot>({
    mutationKey,
    mutationFn: async (action) => {
      const result = await send(partyId, action);
      if (!result.ok) throw new ActionFailure(result.error);
      return result.data;
    },
    onMutate: async (action) => {
      setError(null);
      await Promise.all([queryClient.cancelQueries({ queryKey: partyKey }), queryClient.cancelQueries({ queryKey: participantsKey })]);
      const snapshot: Snapshot = {
        party: queryClient.getQueryData<WatchParty | null>(partyKey),
        participants: queryClient.getQueryData<Participant[]>(participantsKey),
      };
      const list = snapshot.participants ? applyToList(snapshot.participants, action, viewer) : undefined;
      if (list) queryClient.setQueryData<Participant[]>(participantsKey, list);
      if (snapshot.party) {
        const summarized = list ? withParticipantsSummary(snapshot.party, list, viewer.id) : snapshot.party;
        queryClient.setQueryData<WatchParty>(partyKey, action.type === "reminder" ? withReminder(summarized, action.enabled) : summarized);
      }
      return snapshot;
    },
    onError: (failure, _action, snapshot) => {
      if (snapshot) {
        queryClient.setQueryData(partyKey, snapshot.party);
        queryClient.setQueryData(participantsKey, snapshot.participants);
      }
      setError(failure instanceof ActionFailure ? failure.message : GENERIC_FAILURE);
    },
    onSettled: async () => {
      // the last action to finish reads the truth (others may still be on their way)
      if (queryClient.isMutating({ mutationKey }) > 1) return;
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: partyKey }),
        queryClient.invalidateQueries({ queryKey: participantsKey }),
      ]);
    },
  });

  const { mutate } = mutation;
  const run = useCallback((action: PartyAction) => mutate(action), [mutate]);
  const dismissError = useCallback(() => setError(null), []);

  return {
    run,
    error,
    dismissError,
    pending: mutation.isPending ? mutation.variables : undefined,
  };
}
