import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import { notificationKeys } from "./queries";
import type { AppNotification } from "./types";
import { openUserChannel, type UserChannelState } from "./user-channel";

type Listener = (message: { payload: unknown }) => void;

/** Just enough of supabase-js's realtime for one private channel. */
function fakeSupabase() {
  const listeners = new Map<string, Listener>();
  let onStatus: ((status: string) => void) | null = null;
  const channel = {
    on(type: string, filter: { event?: string }, listener: Listener) {
      if (type === "broadcast" && filter.event) listeners.set(filter.event, listener);
      return channel;
    },
    subscribe(callback: (status: string) => void) {
      onStatus = callback;
      return channel;
    },
  };
  const supabase = {
    realtime: { setAuth: vi.fn(async () => undefined) },
    channel: vi.fn(() => channel),
    removeChannel: vi.fn(async () => "ok"),
  };
  return {
    supabase: supabase as unknown as StreamingClient,
    channelCalls: supabase.channel.mock.calls as unknown as Array<[string, { config: { private: boolean } }]>,
    send: (event: string, payload: unknown) => listeners.get(event)?.({ payload }),
    subscribed: () => onStatus?.("SUBSCRIBED"),
  };
}

const notification = (id: string, createdAt: string): AppNotification => ({
  id,
  kind: "starts_soon",
  partyId: "party",
  title: "Movie night",
  startsAt: "2026-12-24T19:15:00.000Z",
  createdAt,
  readAt: null,
});

describe("the user's channel", () => {
  it("joins the private topic user:<id>; each reminder patches the list once and arrives once; on subscribe it refetches", async () => {
    const fake = fakeSupabase();
    const queryClient = new QueryClient();
    const older = notification("old", "2026-12-24T18:00:00.000Z");
    queryClient.setQueryData(notificationKeys.list(), [older]);
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    const states: UserChannelState[] = [];
    const onArrival = vi.fn();
    const stop = openUserChannel({ supabase: fake.supabase, queryClient, userId: "u1", emit: (s) => states.push(s), onArrival });
    await vi.waitFor(() => expect(fake.channelCalls).toHaveLength(1));
    expect(fake.channelCalls[0]![0]).toBe("user:u1");
    expect(fake.channelCalls[0]![1].config.private).toBe(true);

    fake.subscribed();
    expect(invalidate).toHaveBeenCalledWith({ queryKey: notificationKeys.list() });
    expect(states.at(-1)?.status).toBe("live");

    const fresh = notification("new", "2026-12-24T19:00:00.000Z");
    fake.send("notification", { notification: fresh, id: "message" });
    fake.send("notification", { notification: fresh, id: "message-again" });
    fake.send("notification", { notification: { id: "bad" } });
    expect(queryClient.getQueryData(notificationKeys.list())).toEqual([fresh, older]);
    expect(onArrival).toHaveBeenCalledTimes(1);
    expect(states.at(-1)?.arrivals).toEqual([fresh]);
    stop();
  });
});
