// The app's private live rooms (supabase/migrations/20260114000000_private_live_rooms.sql) on the
// local realtime, through the unmodified supabase-js: who may join party:, habitat: and user:
// topics under the policies on realtime.messages, presence in party rooms only, no client
// broadcasts on app topics, the database's broadcasts from the app's triggers (realtime.send and
// realtime.broadcast_changes), replay, a member who loses the room at their next token, and the
// REST broadcast endpoints.
import type { RealtimeChannel } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import { Inbox, startTestRealtime, subscribed, TestClient, type TestRealtime } from "@habitats/supabase-local/testing/realtime";

let env: TestRealtime;
let f: Fixtures;
let alice: string, bob: string, carol: string;
let habitat: string, party: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  env = await startTestRealtime();
  f = new Fixtures(env.db.pool);
  [alice, bob, carol] = [await f.user("alice"), await f.user("bob"), await f.user("carol")];
  habitat = await f.habitat(alice, { member: [bob] });
  await f.habitat(carol);
  party = await f.party(habitat);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await env?.close();
});

type Broadcast = { type: string; event: string; payload: Record<string, unknown>; meta?: Record<string, unknown> };

async function clientOf(user: string): Promise<TestClient> {
  const client = await TestClient.create(env, await env.userToken(user));
  clients.push(client);
  return client;
}

/** `user` in the private room `topic`, collecting broadcasts and presence events. */
async function room(user: string, topic: string, config: { replay?: { since: number } } = {}) {
  const client = await clientOf(user);
  const broadcasts = new Inbox<Broadcast>();
  const presence = new Inbox<{ event: string; key: string }>();
  const channel: RealtimeChannel = client.supabase
    .channel(topic, { config: { private: true, presence: { key: user }, broadcast: { ack: true, self: false, ...config } } })
    .on("broadcast", { event: "*" }, (m) => broadcasts.push(m as Broadcast))
    .on("presence", { event: "join" }, presence.push)
    .on("presence", { event: "leave" }, presence.push);
  await subscribed(channel);
  return { client, channel, broadcasts, presence };
}

const refused = (topic: string) => `CHANNEL_ERROR: Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`;

describe("who may join", () => {
  it("a party's room: members of its habitat, not a stranger", async () => {
    await room(bob, `party:${party}`);
    await expect(subscribed((await clientOf(carol)).supabase.channel(`party:${party}`, { config: { private: true } }))).rejects.toThrow(
      refused(`party:${party}`),
    );
  });

  it("a habitat's room: its members; a user's room: that user only", async () => {
    await room(bob, `habitat:${habitat}`);
    await room(alice, `user:${alice}`);
    await expect(subscribed((await clientOf(bob)).supabase.channel(`user:${alice}`, { config: { private: true } }))).rejects.toThrow(
      refused(`user:${alice}`),
    );
  });

  it("the same topic without private: true is another, public channel", async () => {
    const client = await clientOf(carol);
    await subscribed(client.supabase.channel(`party:${party}`));
  });
});

describe("presence and client broadcasts", () => {
  it("members are present in party rooms ('ok') and seen by the others; not in habitat rooms ('error')", async () => {
    const watcher = await room(alice, `party:${party}`);
    const member = await room(bob, `party:${party}`);
    expect(await member.channel.track({ name: "Bob" })).toBe("ok");
    await watcher.presence.some((e) => e.event === "join" && e.key === bob);
    const inHabitat = await room(bob, `habitat:${habitat}`);
    expect(await inHabitat.channel.track({ name: "Bob" })).toBe("error");
  });

  it("nobody broadcasts on app topics: a member's broadcast is dropped and its ack never comes", async () => {
    const listener = await room(alice, `party:${party}`);
    const member = await room(bob, `party:${party}`);
    expect(await member.channel.send({ type: "broadcast", event: "spoof", payload: {} }, { timeout: 500 })).toBe("timed out");
    expect(listener.broadcasts.items.filter((m) => m.event === "spoof")).toEqual([]);
  });
});

describe("broadcasts from the database", () => {
  it("a join and a leave reach the party's room, in order, as the triggers send them", async () => {
    const p = await f.party(habitat);
    const listener = await room(alice, `party:${p}`);
    await f.join(bob, p);
    await f.leave(bob, p);
    await listener.broadcasts.until((items) => items.some((m) => m.event === "participant_left"));
    const events = listener.broadcasts.items.filter((m) => m.event.startsWith("participant_"));
    expect(events.map((m) => m.event)).toEqual(["participant_joined", "participant_left"]);
    const joined = events[0]!;
    expect(joined.payload).toEqual({
      participant: {
        participantId: expect.any(String),
        userId: bob,
        displayName: "bob",
        avatarUrl: null,
        isHost: expect.any(Boolean),
        joinedAt: expect.any(String),
      },
      id: joined.meta!.id,
    });
    expect(events[1]!.payload).toMatchObject({
      participantId: (joined.payload.participant as { participantId: string }).participantId,
      userId: bob,
    });
  });

  it("party changes reach the habitat's room as realtime.broadcast_changes payloads: INSERT, UPDATE, DELETE", async () => {
    const listener = await room(bob, `habitat:${habitat}`);
    const p = await f.party(habitat);
    await env.db.pool.query("update public.habitat_watch_parties set title = 'Renamed' where id = $1", [p]);
    await env.db.pool.query("delete from public.habitat_watch_parties where id = $1", [p]);
    const changes = await listener.broadcasts.until(
      (items) => items.filter((m) => m.event === "party_changed" && m.payload.operation === "DELETE").length > 0,
    );
    const ofParty = changes.filter(
      (m) => m.event === "party_changed" && ((m.payload.record ?? m.payload.old_record) as { id: string }).id === p,
    );
    expect(ofParty.map((m) => m.payload.operation)).toEqual(["INSERT", "UPDATE", "DELETE"]);
    for (const m of ofParty) expect(m.payload).toMatchObject({ table: "habitat_watch_parties", schema: "public", id: m.meta!.id });
    expect(ofParty[0]!.payload).toMatchObject({ old_record: null, record: { id: p, habitat_id: habitat } });
    expect(ofParty[1]!.payload).toMatchObject({ old_record: { id: p }, record: { id: p, title: "Renamed" } });
    expect(ofParty[2]!.payload).toMatchObject({ old_record: { id: p }, record: null });
  });

  it("a join with replay gets the room's recent messages first, marked replayed", async () => {
    const p = await f.party(habitat);
    const since = Date.now() - 60_000;
    await f.join(bob, p);
    await env.db.pool.query("update public.habitat_watch_parties set title = 'Renamed' where id = $1", [p]);
    const listener = await room(alice, `party:${p}`, { replay: { since } });
    const replayed = await listener.broadcasts.count(2);
    expect(replayed.map((m) => m.event)).toEqual(["participant_joined", "party_changed"]);
    for (const m of replayed) expect(m.meta).toEqual({ replayed: true, id: expect.any(String) });
  });
});

describe("a member who loses the room", () => {
  it("keeps hearing it until their next token, which ends the channel with a system message (CLOSED)", async () => {
    const dave = await f.user("dave");
    const h = await f.habitat(alice, { member: [dave] });
    const p = await f.party(h);
    const topic = `party:${p}`;
    const client = await clientOf(dave);
    const statuses = new Inbox<string>();
    const system = new Inbox<Record<string, unknown>>();
    client.supabase
      .channel(topic, { config: { private: true } })
      .on("system", {}, system.push)
      .subscribe((status) => statuses.push(status));
    await statuses.some((s) => s === "SUBSCRIBED");
    await env.db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [h, dave]);
    await client.setToken(await env.userToken(dave, 7200));
    await statuses.some((s) => s === "CLOSED");
    expect(system.items).toContainEqual({
      extension: "system",
      status: "error",
      message: `You do not have permissions to read from this Channel topic: ${topic}`,
      channel: topic,
    });
  });
});

describe("REST broadcast to app topics", () => {
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${env.url}/realtime/v1${path}`, {
      method: "POST",
      headers: { apikey: env.anonKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("POST /api/broadcast: a member's private message is dropped (still 202), the service role's delivered", async () => {
    const listener = await room(alice, `party:${party}`);
    const message = (event: string) => ({ messages: [{ topic: `party:${party}`, event, payload: {}, private: true }] });
    expect((await post("/api/broadcast", await env.userToken(bob), message("from-bob"))).status).toBe(202);
    expect((await post("/api/broadcast", env.serviceKey, message("from-server"))).status).toBe(202);
    await listener.broadcasts.some((m) => m.event === "from-server");
    expect(listener.broadcasts.items.filter((m) => m.event === "from-bob")).toEqual([]);
  });

  it("POST /api/broadcast/:topic/events/:event?private=true: 403 for a member, 202 for the service role", async () => {
    const path = `/api/broadcast/${encodeURIComponent(`party:${party}`)}/events/ping?private=true`;
    const denied = await post(path, await env.userToken(bob), {});
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ message: "Unauthorized" });
    expect((await post(path, env.serviceKey, {})).status).toBe(202);
  });
});
