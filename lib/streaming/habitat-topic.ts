// A habitat's private topic habitat:<habitatId> (only its members hear it), one channel per topic
// in this browser, shared by whoever listens: the dashboard for each of the viewer's habitats and
// the habitat's own page. realtime-js keeps one channel per topic per client and hands the same
// one to a second caller, so two owners of a topic would subscribe it twice and remove it from
// under each other. The channel closes a moment after its last listener lets go (so that a page
// that hands over to the next, or React mounting an effect twice, reuses it).
import { z } from "zod";
import { parsePartyChange, type PartyChange } from "./live-events";
import { openResilientChannel, type ConnectionStatus } from "./resilient-channel";
import type { StreamingClient } from "./streaming-repository";

/** A membership that began, changed role or ended (supabase/migrations/*_live_habitat_members.sql). */
export interface MemberChange {
  operation: "INSERT" | "UPDATE" | "DELETE";
  userId: string;
  /** the role now; null when the membership ended */
  role: "owner" | "moderator" | "member" | null;
}

const memberChangeSchema = z.object({
  operation: z.enum(["INSERT", "UPDATE", "DELETE"]),
  userId: z.string(),
  role: z.enum(["owner", "moderator", "member"]).nullable(),
});

/** A member_changed payload, or null when it is not one. */
export function parseMemberChange(payload: unknown): MemberChange | null {
  const parsed = memberChangeSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

export interface HabitatListener {
  onPartyChanged?: (change: PartyChange) => void;
  onMemberChanged?: (change: MemberChange) => void;
  /** each (re)subscription: what was broadcast meanwhile was missed */
  onSubscribed?: () => void;
  onStatus?: (status: ConnectionStatus) => void;
}

interface Hub {
  listeners: Set<HabitatListener>;
  status: ConnectionStatus;
  stop: () => void;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

const CLOSE_AFTER_MS = 50;
const hubsByClient = new WeakMap<StreamingClient, Map<string, Hub>>();

function openHub(supabase: StreamingClient, habitatId: string, hubs: Map<string, Hub>): Hub {
  const hub: Hub = { listeners: new Set(), status: "connecting", stop: () => undefined, closeTimer: null };
  const each = (call: (listener: HabitatListener) => void) => [...hub.listeners].forEach(call);
  hubs.set(habitatId, hub);
  hub.stop = openResilientChannel({
    supabase,
    topic: `habitat:${habitatId}`,
    bind: (channel) => {
      channel.on("broadcast", { event: "party_changed" }, ({ payload }: { payload: unknown }) => {
        const change = parsePartyChange(payload);
        if (change && change.record.habitat_id === habitatId) each((l) => l.onPartyChanged?.(change));
      });
      channel.on("broadcast", { event: "member_changed" }, ({ payload }: { payload: unknown }) => {
        const change = parseMemberChange(payload);
        if (change) each((l) => l.onMemberChanged?.(change));
      });
    },
    onSubscribed: () => each((l) => l.onSubscribed?.()),
    onStatus: (status) => {
      hub.status = status;
      each((l) => l.onStatus?.(status));
    },
  });
  return hub;
}

/** Listens to habitat:<habitatId>; returns the function that stops listening. */
export function listenToHabitat(supabase: StreamingClient, habitatId: string, listener: HabitatListener): () => void {
  let hubs = hubsByClient.get(supabase);
  if (!hubs) hubsByClient.set(supabase, (hubs = new Map()));
  const hub = hubs.get(habitatId) ?? openHub(supabase, habitatId, hubs);
  if (hub.closeTimer) clearTimeout(hub.closeTimer);
  hub.closeTimer = null;
  hub.listeners.add(listener);
  listener.onStatus?.(hub.status);
  // already live: this listener's data was read before it listened, as after a subscription
  if (hub.status === "live") listener.onSubscribed?.();

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    hub.listeners.delete(listener);
    if (hub.listeners.size > 0) return;
    hub.closeTimer = setTimeout(() => {
      if (hub.listeners.size > 0 || hubs.get(habitatId) !== hub) return;
      hubs.delete(habitatId);
      hub.stop();
    }, CLOSE_AFTER_MS);
  };
}
