// The signed-in user's own channel (lib/notifications/user-channel.ts) on the local realtime, through
// the unmodified supabase-js: it joins the private topic user:<id>, refetches the list when
// subscribed, and each notification the database broadcasts patches the React Query cache once and
// is reported once; a replayed, malformed or someone else's notification changes nothing; stopping
// leaves the channel.
import { QueryClient } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notificationKeys } from "@/lib/notifications/queries";
import type { AppNotification } from "@/lib/notifications/types";
import { openUserChannel, type UserChannelState } from "@/lib/notifications/user-channel";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import { startTestRealtime, TestClient, type TestRealtime } from "@habitats/supabase-local/testing/realtime";

let env: TestRealtime;
let f: Fixtures;
let alice: string, bob: string;
let party: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  env = await startTestRealtime();
  f = new Fixtures(env.db.pool);
  [alice, bob] = [await f.user("alice"), await f.user("bob")];
  party = await f.party(await f.habitat(alice, { member: [bob] }));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await env?.close();
});

/** A notification as the dispatcher writes it; the database's trigger broadcasts it to user:<id>. */
async function notify(userId: string, kind: "starts_soon" | "started"): Promise<AppNotification> {
  // timestamps as the broadcast writes them (jsonb's text of a timestamptz)
  const { rows } = await env.db.pool.query<{ id: string; created_at: string; starts_at: string }>(
    `insert into public.notifications (user_id, party_id, kind, title, starts_at)
     values ($1, $2, $3, 'Movie night', now() + interval '15 minutes')
     returning id, to_jsonb(created_at) #>> '{}' as created_at, to_jsonb(starts_at) #>> '{}' as starts_at`,
    [userId, party, kind],
  );
  const row = rows[0]!;
  return {
    id: row.id,
    kind,
    partyId: party,
    title: "Movie night",
    startsAt: row.starts_at,
    createdAt: row.created_at,
    readAt: null,
  };
}

/** What realtime.send() puts on `user:<userId>` as event "notification", with any payload. */
const sendRaw = (userId: string, payload: unknown) =>
  env.db.pool.query("select realtime.send($1::jsonb, 'notification', $2, true)", [JSON.stringify(payload), `user:${userId}`]);

const byId = (list: AppNotification[] | undefined) => (list ?? []).map((n) => n.id);

describe("the user's channel", () => {
  it("joins user:<id> privately, refetches when subscribed, and patches the list once per notification", async () => {
    const client = await TestClient.create(env, await env.userToken(alice));
    clients.push(client);
    const queryClient = new QueryClient();
    const key = notificationKeys.list();
    const older: AppNotification = {
      id: "00000000-0000-4000-8000-000000000001",
      kind: "starts_soon",
      partyId: party,
      title: "Earlier",
      startsAt: "2026-12-24T19:15:00.000Z",
      createdAt: "2000-01-01T00:00:00.000Z",
      readAt: null,
    };
    queryClient.setQueryData(key, [older]);
    const states: UserChannelState[] = [];
    const arrived: AppNotification[] = [];
    const stop = openUserChannel({
      supabase: client.supabase as unknown as StreamingClient,
      queryClient,
      userId: alice,
      emit: (state) => states.push(state),
      onArrival: (notification) => arrived.push(notification),
    });
    try {
      await vi.waitFor(() => expect(states.at(-1)?.status).toBe("live"), { timeout: 10_000 });
      expect(client.supabase.getChannels().map((c) => [c.topic, c.params.config.private])).toEqual([[`realtime:user:${alice}`, true]]);
      // subscribing marked the list stale: what was missed while away is read again
      expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);

      const first = await notify(alice, "starts_soon");
      await vi.waitFor(() => expect(byId(queryClient.getQueryData(key))).toEqual([first.id, older.id]), { timeout: 5_000 });
      expect(queryClient.getQueryData<AppNotification[]>(key)![0]).toEqual(first);
      expect(arrived).toEqual([first]);

      // the same notification again (a replay), a payload that is not one, and Bob's: nothing changes;
      // Alice's next one arrives after them (the database's broadcasts reach her in commit order)
      await sendRaw(alice, { notification: first });
      await sendRaw(alice, { notification: { id: "not a notification" } });
      await notify(bob, "starts_soon");
      const second = await notify(alice, "started");
      await vi.waitFor(() => expect(arrived.map((n) => n.id)).toEqual([first.id, second.id]), { timeout: 5_000 });
      expect(byId(queryClient.getQueryData(key))).toEqual([second.id, first.id, older.id]);
      expect(states.at(-1)?.arrivals.map((n) => n.id)).toEqual([second.id, first.id]);
    } finally {
      stop();
    }
    // stopped: the channel is left
    await vi.waitFor(() => expect(client.supabase.getChannels()).toEqual([]));
  });
});
