// Broadcast and presence through the unmodified supabase-js client, plus the REST broadcast API.
import type { RealtimeChannel } from "@supabase/supabase-js";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Inbox, startTestRealtime, subscribed, TestClient, type TestRealtime } from "../../testing/realtime";

type Broadcast = { type: string; event: string; payload: unknown; meta?: unknown };

let env: TestRealtime;
const clients: TestClient[] = [];

beforeAll(async () => {
  env = await startTestRealtime();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await env?.close();
});

async function client(): Promise<TestClient> {
  const c = await TestClient.create(env);
  clients.push(c);
  return c;
}

async function member(
  room: string,
  broadcast: { self?: boolean; ack?: boolean } = {},
): Promise<{ channel: RealtimeChannel; inbox: Inbox<Broadcast> }> {
  const inbox = new Inbox<Broadcast>();
  const channel = (await client()).supabase.channel(room, { config: { broadcast } }).on("broadcast", { event: "*" }, inbox.push);
  await subscribed(channel);
  return { channel, inbox };
}

describe("broadcast", () => {
  it("reaches the other members of the topic, not the sender (self: false)", async () => {
    const a = await member("room-1");
    const b = await member("room-1");
    const elsewhere = await member("room-2");

    expect(await a.channel.send({ type: "broadcast", event: "cursor", payload: { x: 1 } })).toBe("ok");
    await b.inbox.count(1);
    expect(b.inbox.items).toEqual([{ type: "broadcast", event: "cursor", payload: { x: 1 } }]);

    // b's answer reaches a after anything a's own message could have brought back
    await b.channel.send({ type: "broadcast", event: "reply", payload: {} });
    await a.inbox.count(1);
    expect(a.inbox.items.map((m) => m.event)).toEqual(["reply"]);
    expect(elsewhere.inbox.items).toEqual([]);
  });

  it("self: true echoes the sender's own messages; ack: true makes send() wait for the server", async () => {
    const a = await member("room-self", { self: true, ack: true });
    expect(await a.channel.send({ type: "broadcast", event: "echo", payload: { n: 1 } })).toBe("ok");
    await a.inbox.count(1);
    expect(a.inbox.items).toEqual([{ type: "broadcast", event: "echo", payload: { n: 1 } }]);
  });

  it("binary payloads stay bytes", async () => {
    const a = await member("room-bytes");
    const b = await member("room-bytes");
    await a.channel.send({ type: "broadcast", event: "blob", payload: new Uint8Array([1, 2, 250]).buffer });
    const [message] = await b.inbox.count(1);
    expect([...new Uint8Array(message!.payload as ArrayBuffer)]).toEqual([1, 2, 250]);
  });

  it("a client on serializer 1.0.0 and one on 2.0.0 share a topic", async () => {
    const v2 = await member("room-mixed");
    const v1 = createClient(env.url, env.anonKey, { realtime: { transport: WebSocket as unknown as never, vsn: "1.0.0" } });
    try {
      const inbox = new Inbox<Broadcast>();
      const channel = v1.channel("room-mixed").on("broadcast", { event: "*" }, inbox.push);
      await subscribed(channel);
      await v2.channel.send({ type: "broadcast", event: "from-v2", payload: { a: 1 } });
      await inbox.count(1);
      await channel.send({ type: "broadcast", event: "from-v1", payload: { b: 2 } });
      await v2.inbox.count(1);
      expect(inbox.items).toEqual([{ type: "broadcast", event: "from-v2", payload: { a: 1 } }]);
      expect(v2.inbox.items).toEqual([{ type: "broadcast", event: "from-v1", payload: { b: 2 } }]);
    } finally {
      await v1.removeAllChannels();
    }
  });
});

describe("REST broadcast", () => {
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = { apikey: env.anonKey, "content-type": "application/json" },
  ) => fetch(`${env.url}/realtime/v1${path}`, { method: "POST", headers, body: JSON.stringify(body) });

  it("POST /realtime/v1/api/broadcast answers 202 and delivers each message to its topic", async () => {
    const a = await member("rest-1");
    const b = await member("rest-2");
    const response = await post("/api/broadcast", {
      messages: [
        { topic: "rest-1", event: "hello", payload: { to: "a" } },
        { topic: "rest-2", event: "hello", payload: { to: "b" }, private: false },
      ],
    });
    expect(response.status).toBe(202);
    await a.inbox.count(1);
    await b.inbox.count(1);
    expect(a.inbox.items).toEqual([{ type: "broadcast", event: "hello", payload: { to: "a" } }]);
    expect(b.inbox.items).toEqual([{ type: "broadcast", event: "hello", payload: { to: "b" } }]);
  });

  it("channel.httpSend uses the single-message endpoint", async () => {
    const a = await member("rest-single");
    const sender = (await client()).supabase.channel("rest-single");
    expect(await sender.httpSend("ping", { n: 1 })).toEqual({ success: true });
    await a.inbox.count(1);
    expect(a.inbox.items).toEqual([{ type: "broadcast", event: "ping", payload: { n: 1 } }]);
  });

  it("a body over 8 MB (Plug.Parsers' length) is answered 413, and the service keeps serving", async () => {
    const tooLarge = await post("/api/broadcast", { messages: [{ topic: "big", event: "e", payload: { text: "x".repeat(8_000_000) } }] });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ message: "Payload Too Large" });
    expect((await post("/api/broadcast", { messages: [{ topic: "after", event: "e", payload: {} }] })).status).toBe(202);
  });

  it("needs a valid token and well-formed messages", async () => {
    expect((await post("/api/broadcast", { messages: [] }, { "content-type": "application/json" })).status).toBe(401);
    const bad = await post("/api/broadcast", { messages: [{ topic: "t", event: "e" }] });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ errors: { messages: [{ payload: ["can't be blank"] }] } });
  });
});

describe("presence", () => {
  it("two users in a room see each other; when one's socket closes the other sees them leave", async () => {
    const aliceClient = await client();
    const bobClient = await client();
    const aliceEvents = new Inbox<{ event: string; key: string }>();
    const alice = aliceClient.supabase
      .channel("watch-room", { config: { presence: { key: "alice" } } })
      .on("presence", { event: "join" }, aliceEvents.push)
      .on("presence", { event: "leave" }, aliceEvents.push);
    const bob = bobClient.supabase
      .channel("watch-room", { config: { presence: { key: "bob" } } })
      .on("presence", { event: "sync" }, () => undefined);
    await subscribed(alice);
    await subscribed(bob);
    expect(await alice.track({ name: "Alice" })).toBe("ok");
    expect(await bob.track({ name: "Bob" })).toBe("ok");

    await aliceEvents.until((events) => events.some((e) => e.event === "join" && e.key === "bob"));
    const names = (channel: RealtimeChannel) =>
      Object.entries(channel.presenceState<{ name: string }>()).map(([key, presences]) => [key, presences.map((p) => p.name)]);
    expect(names(alice).sort()).toEqual([
      ["alice", ["Alice"]],
      ["bob", ["Bob"]],
    ]);

    await bobClient.supabase.realtime.disconnect();
    await aliceEvents.until((events) => events.some((e) => e.event === "leave" && e.key === "bob"));
    expect(names(alice)).toEqual([["alice", ["Alice"]]]);
  });

  it("untrack leaves; a new payload replaces the old one", async () => {
    const watcherEvents = new Inbox<{ event: string; key: string; newPresences?: { status: string }[] }>();
    const watcher = (await client()).supabase
      .channel("status-room", { config: { presence: { key: "watcher" } } })
      .on("presence", { event: "join" }, watcherEvents.push)
      .on("presence", { event: "leave" }, watcherEvents.push);
    await subscribed(watcher);
    const carol = (await client()).supabase.channel("status-room", { config: { presence: { key: "carol" } } });
    await subscribed(carol);

    await carol.track({ status: "watching" });
    await carol.track({ status: "paused" });
    await watcherEvents.until((events) => events.some((e) => e.event === "join" && e.newPresences?.[0]?.status === "paused"));
    expect(watcher.presenceState<{ status: string }>().carol?.map((p) => p.status)).toEqual(["paused"]);

    await carol.untrack();
    await watcherEvents.until((events) => events.filter((e) => e.event === "leave" && e.key === "carol").length >= 2);
    expect(watcher.presenceState().carol).toBeUndefined();
  });
});
