// The dashboard's realtime channels: one private topic habitat:<habitatId> per habitat of the viewer
// (RLS on realtime.messages lets only its members hear it; shared with a habitat's page through
// habitat-topic.ts). The database broadcasts every new,
// changed and deleted party of the habitat; each patches the cached upcoming list, so nobody
// refetches per event. Realtime does not replay: every (re)subscribe and return to the tab refetches.
import type { QueryClient } from "@tanstack/react-query";
import { DEFAULT_PARTY_LENGTH_MS } from "./countdown";
import { listenToHabitat } from "./habitat-topic";
import type { PartyChange, PartyRecord } from "./live-events";
import { withPartyRow } from "./party-state";
import { toPartyStatus } from "./party-status";
import { queryKeys } from "./queries";
import { refetchOnResume } from "./refetch-on-resume";
import type { ConnectionStatus } from "./resilient-channel";
import type { StreamingClient } from "./streaming-repository";
import type { UpcomingParty } from "./types";

/** How many upcoming parties the dashboard lists (the repository's page). */
export const UPCOMING_LIMIT = 100;

/** The rule of the upcoming_watch_parties view: scheduled or live, and not over. */
export function isUpcoming(row: Pick<PartyRecord, "status" | "scheduled_start" | "scheduled_end">, nowMs: number): boolean {
  if (row.status !== "scheduled" && row.status !== "live") return false;
  const end = row.scheduled_end ? Date.parse(row.scheduled_end) : Date.parse(row.scheduled_start) + DEFAULT_PARTY_LENGTH_MS;
  return end > nowMs;
}

/** A party first seen in a broadcast: nobody has joined it yet, as its row says. */
function newUpcomingParty(row: PartyRecord, habitatName: string): UpcomingParty {
  return {
    id: row.id,
    habitatId: row.habitat_id,
    habitatName,
    title: row.title,
    description: row.description,
    scheduledStart: row.scheduled_start,
    scheduledEnd: row.scheduled_end,
    status: toPartyStatus(row.status),
    participantCount: row.participant_count,
    mediaUrl: row.media_url,
    createdBy: row.created_by ?? null,
    isUserParticipant: false,
    isUserHost: false,
    userReminderEnabled: false,
  };
}

/**
 * The upcoming list after a party's change: patched in place, added in start order when it becomes
 * upcoming, removed when it is deleted, cancelled, ended or past. `habitatName` names a new entry.
 */
export function withPartyChange(list: UpcomingParty[], change: PartyChange, habitatName: string, nowMs: number): UpcomingParty[] {
  const { record } = change;
  const existing = list.find((party) => party.id === record.id);
  if (change.operation === "DELETE" || !isUpcoming(record, nowMs)) {
    return existing ? list.filter((party) => party.id !== record.id) : list;
  }
  const updated = existing ? withPartyRow(existing, record) : newUpcomingParty(record, habitatName);
  const rest = list.filter((party) => party.id !== record.id);
  const at = rest.findIndex((party) => Date.parse(party.scheduledStart) > Date.parse(updated.scheduledStart));
  const next = at < 0 ? [...rest, updated] : [...rest.slice(0, at), updated, ...rest.slice(at)];
  // a full page does not grow: what falls past its end is read on the next refetch
  return next.length > UPCOMING_LIMIT && at < 0 && !existing ? list : next.slice(0, UPCOMING_LIMIT);
}

export interface DashboardHabitat {
  id: string;
  name: string;
}

export interface DashboardChannelOptions {
  supabase: StreamingClient;
  queryClient: QueryClient;
  habitats: readonly DashboardHabitat[];
  emit: (status: ConnectionStatus) => void;
}

const STATUS_ORDER: ConnectionStatus[] = ["reconnecting", "connecting", "live"];

export function openDashboardChannel({ supabase, queryClient, habitats, emit }: DashboardChannelOptions): () => void {
  const key = queryKeys.upcomingParties();
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });
  const statuses = new Map<string, ConnectionStatus>(habitats.map((h) => [h.id, "connecting"]));
  // the dashboard is as live as its least live channel
  const report = () => emit(STATUS_ORDER.find((s) => [...statuses.values()].includes(s)) ?? "live");

  const stops = habitats.map((habitat) =>
    listenToHabitat(supabase, habitat.id, {
      onPartyChanged: (change) =>
        queryClient.setQueryData<UpcomingParty[]>(key, (list) => (list ? withPartyChange(list, change, habitat.name, Date.now()) : list)),
      onSubscribed: refetch,
      onStatus: (status) => {
        statuses.set(habitat.id, status);
        report();
      },
    }),
  );
  if (habitats.length === 0) emit("live");

  const stopResume = refetchOnResume(refetch);

  return () => {
    stopResume();
    for (const stop of stops) stop();
  };
}
