// The dashboard's realtime channel: every party of the viewer's habitats (RLS decides which rows
// reach this subscriber). Count changes patch the cached list; new parties refetch it.
import type { QueryClient } from "@tanstack/react-query";
import type { Database } from "@/lib/database.types";
import { DEFAULT_PARTY_LENGTH_MS } from "./countdown";
import { withPartyRow } from "./party-state";
import { queryKeys } from "./queries";
import { refetchOnResume } from "./refetch-on-resume";
import { openResilientChannel, type ConnectionStatus } from "./resilient-channel";
import type { StreamingClient } from "./streaming-repository";
import type { UpcomingParty } from "./types";

type PartyRow = Database["public"]["Tables"]["habitat_watch_parties"]["Row"];

/** The rule of the upcoming_watch_parties view: scheduled or live, and not over. */
export function isUpcoming(row: Pick<PartyRow, "status" | "scheduled_start" | "scheduled_end">, nowMs: number): boolean {
  if (row.status !== "scheduled" && row.status !== "live") return false;
  const end = row.scheduled_end ? Date.parse(row.scheduled_end) : Date.parse(row.scheduled_start) + DEFAULT_PARTY_LENGTH_MS;
  return end > nowMs;
}

export interface DashboardChannelOptions {
  supabase: StreamingClient;
  queryClient: QueryClient;
  userId: string;
  emit: (status: ConnectionStatus) => void;
}

export function openDashboardChannel({ supabase, queryClient, userId, emit }: DashboardChannelOptions): () => void {
  const key = queryKeys.upcomingParties();
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });

  const onPartyUpdate = (row: PartyRow) => {
    const list = queryClient.getQueryData<UpcomingParty[]>(key);
    if (!list?.some((party) => party.id === row.id)) {
      // a party that (re)enters the upcoming list; past ones change nothing here
      if (isUpcoming(row, Date.now())) refetch();
      return;
    }
    queryClient.setQueryData<UpcomingParty[]>(key, (current) =>
      current?.map((party) => (party.id === row.id ? withPartyRow(party, row) : party)),
    );
  };

  const stop = openResilientChannel({
    supabase,
    topic: `dashboard:${userId}`,
    bind: (channel) => {
      channel
        .on<PartyRow>("postgres_changes", { event: "UPDATE", schema: "public", table: "habitat_watch_parties" }, (payload) =>
          onPartyUpdate(payload.new),
        )
        .on<PartyRow>("postgres_changes", { event: "INSERT", schema: "public", table: "habitat_watch_parties" }, () => refetch());
    },
    onSubscribed: () => refetch(),
    onStatus: emit,
  });

  const stopResume = refetchOnResume(refetch);

  return () => {
    stopResume();
    stop();
  };
}
