// The tenant limits with the unmodified realtime-js (through supabase-js) and a raw Phoenix
// socket for the exact frames: under each limit things work; over it the service answers as
// Supabase Realtime does (the reply, the system message and phx_close, the 429, the disconnect).
// Each family runs on a service of its own with small limits and fast rate counter ticks; the
// defaults are checked on a service started without any.
import type { RealtimeChannel } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Inbox,
  RawSocket,
  startTestRealtime,
  subscribed,
  TestClient,
  type Frame,
  type TestRealtime,
  type TestRealtimeOptions,
} from "../../testing/realtime";
import { waitFor } from "../../testing/wait";
import { DEFAULT_LIMITS, limitsFromEnv, resolveLimits } from "./limits";

type Status = { status: string; message?: string };
type Broadcast = { event: string; payload: unknown };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service with `limits` for the tests of one describe block, and the clients they open. */
function service(options: TestRealtimeOptions): {
  env: () => TestRealtime;
  client: () => Promise<TestClient>;
  socket: () => Promise<RawSocket>;
} {
  let env: TestRealtime;
  const clients: TestClient[] = [];
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    env = await startTestRealtime(options);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await env?.close();
  });
  return {
    env: () => env,
    client: async () => {
      const c = await TestClient.create(env);
      clients.push(c);
      return c;
    },
    socket: async () => {
      const s = await RawSocket.open(env.url, { apikey: env.anonKey, vsn: "2.0.0" });
      sockets.push(s);
      return s;
    },
  };
}

/** A raw phx_join of `realtime:<name>`; resolves with its reply and how long it took. */
async function join(
  socket: RawSocket,
  env: TestRealtime,
  name: string,
  config: Record<string, unknown> = {},
): Promise<{ reply: Frame; ms: number; ref: string }> {
  const ref = socket.nextRef();
  const started = performance.now();
  socket.send([
    ref,
    ref,
    `realtime:${name}`,
    "phx_join",
    {
      config: {
        broadcast: { self: false, ack: false },
        presence: { key: "", enabled: false },
        postgres_changes: [],
        private: false,
        ...config,
      },
      access_token: env.anonKey,
    },
  ]);
  const reply = await socket.next((f) => f[1] === ref && f[3] === "phx_reply");
  return { reply, ms: performance.now() - started, ref };
}

const ok = (frame: Frame) => (frame[4] as { status: string }).status === "ok";

/** Subscribes and collects every status realtime-js reports (SUBSCRIBED, CHANNEL_ERROR with its message, CLOSED…). */
function watch(channel: RealtimeChannel): Inbox<Status> {
  const statuses = new Inbox<Status>();
  channel.subscribe((status, error) => statuses.push({ status, message: error?.message }));
  return statuses;
}

/** The connect refusal a raw websocket gets, with how long it took. */
async function refusedConnect(env: TestRealtime): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  try {
    const socket = await RawSocket.open(env.url, { apikey: env.anonKey, vsn: "2.0.0" });
    socket.close();
  } catch (error) {
    const { status, body } = error as { status: number; body: string };
    return { status, body: JSON.parse(body) as unknown, ms: performance.now() - started };
  }
  throw new Error("the websocket was accepted");
}

describe("the defaults: what `supabase start` gives its tenant", () => {
  const s = service({});

  it("are 200 users, 100 events/s, 100 joins/s, 100 channels per client, 100,000 bytes/s, 1,000 presence events/s, 3,000 kB, 5 presence messages per 30 s", () => {
    const expected = {
      maxConcurrentUsers: 200,
      maxEventsPerSecond: 100,
      maxJoinsPerSecond: 100,
      maxChannelsPerClient: 100,
      maxBytesPerSecond: 100_000,
      maxPresenceEventsPerSecond: 1000,
      maxPayloadSizeInKb: 3000,
      maxClientPresenceEventsPerWindow: 5,
      clientPresenceWindowMs: 30_000,
      connectErrorBackoffMs: 2000,
      rateCounterTickMs: 5000,
      requestCounterTickMs: 1000,
    };
    expect(s.env().realtime.limits).toEqual(expected);
    expect(resolveLimits(limitsFromEnv({}))).toEqual(expected);
  });

  it("the stack's environment raises them under realtime's variable names, and refuses nonsense", () => {
    expect(
      limitsFromEnv({
        TENANT_MAX_EVENTS_PER_SECOND: "2500",
        TENANT_MAX_CONCURRENT_USERS: "10000",
        CLIENT_PRESENCE_MAX_CALLS: " 50 ",
        UNRELATED: "1",
      }),
    ).toEqual({
      maxEventsPerSecond: 2500,
      maxConcurrentUsers: 10_000,
      maxClientPresenceEventsPerWindow: 50,
    });
    expect(() => limitsFromEnv({ TENANT_MAX_JOINS_PER_SECOND: "lots" })).toThrow(
      'TENANT_MAX_JOINS_PER_SECOND must be a whole number, got "lots"',
    );
    expect(() => limitsFromEnv({ TENANT_MAX_CHANNELS_PER_CLIENT: "0" })).toThrow("maxChannelsPerClient must be an integer of at least 1");
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });

  it("one socket holds 100 channels; the 101st join is refused with Too many channels", async () => {
    const env = s.env();
    const socket = await s.socket();
    const joins = await Promise.all(Array.from({ length: 100 }, (_, i) => join(socket, env, `default-${i}`)));
    expect(joins.every(({ reply }) => ok(reply))).toBe(true);
    const { reply } = await join(socket, env, "default-100");
    expect(reply).toEqual([
      "101",
      "101",
      "realtime:default-100",
      "phx_reply",
      { status: "error", response: { reason: "ChannelRateLimitReached: Too many channels" } },
    ]);
  });
});

describe("max_channels_per_client", () => {
  const s = service({ limits: { maxChannelsPerClient: 2 }, channelErrorBackoffMs: 300 });

  it("a socket's third channel is refused after the backoff, the socket stays; a leave frees a place", async () => {
    const env = s.env();
    const socket = await s.socket();
    expect(ok((await join(socket, env, "c-1")).reply)).toBe(true);
    const second = await join(socket, env, "c-2");
    expect(ok(second.reply)).toBe(true);
    const third = await join(socket, env, "c-3");
    expect(third.reply).toEqual([
      "3",
      "3",
      "realtime:c-3",
      "phx_reply",
      { status: "error", response: { reason: "ChannelRateLimitReached: Too many channels" } },
    ]);
    expect(third.ms).toBeGreaterThanOrEqual(290);
    // another socket has places of its own
    expect(ok((await join(await s.socket(), env, "c-3")).reply)).toBe(true);

    socket.send([second.ref, "9", "realtime:c-2", "phx_leave", {}]);
    await socket.next((f) => f[1] === "9" && f[3] === "phx_reply");
    expect(ok((await join(socket, env, "c-3")).reply)).toBe(true);
  });

  it("realtime-js reports CHANNEL_ERROR with Realtime's reason, and its rejoin succeeds once a channel is removed", async () => {
    const { supabase } = await s.client();
    await subscribed(supabase.channel("js-1"));
    const first = supabase.channel("js-2");
    await subscribed(first);
    const third = watch(supabase.channel("js-3"));
    expect(await third.some((s) => s.status === "CHANNEL_ERROR")).toEqual({
      status: "CHANNEL_ERROR",
      message: "ChannelRateLimitReached: Too many channels",
    });
    expect(third.items.some((s) => s.status === "SUBSCRIBED")).toBe(false);
    await supabase.removeChannel(first);
    await third.some((s) => s.status === "SUBSCRIBED");
  });
});

describe("max_concurrent_users", () => {
  const s = service({ limits: { maxConcurrentUsers: 2, connectErrorBackoffMs: 200 } });

  it("users are sockets that joined: the third is refused at join, then at connect (429 after the backoff); a user leaving makes room", async () => {
    const env = s.env();
    const [a, b, c] = [await s.socket(), await s.socket(), await s.socket()];
    expect(ok((await join(a, env, "u-1")).reply)).toBe(true);
    expect(ok((await join(b, env, "u-1")).reply)).toBe(true);
    const refused = await join(c, env, "u-1");
    expect(refused.reply).toEqual([
      "1",
      "1",
      "realtime:u-1",
      "phx_reply",
      { status: "error", response: { reason: "ConnectionRateLimitReached: Too many connected users" } },
    ]);
    // a counted user may join more channels
    expect(ok((await join(a, env, "u-2")).reply)).toBe(true);

    const connect = await refusedConnect(env);
    expect(connect).toMatchObject({ status: 429, body: { error: "Too many connected users" } });
    expect(connect.ms).toBeGreaterThanOrEqual(190);

    // realtime-js keeps reconnecting until a user goes
    const waiting = watch((await s.client()).supabase.channel("u-1"));
    await sleep(500);
    expect(waiting.items.some((s) => s.status === "SUBSCRIBED")).toBe(false);
    a.close();
    b.close();
    await waiting.some((s) => s.status === "SUBSCRIBED", 20_000);
    expect(ok((await join(c, env, "u-1")).reply)).toBe(true);
  });
});

describe("max_joins_per_second", () => {
  const s = service({ limits: { maxJoinsPerSecond: 20, rateCounterTickMs: 250, connectErrorBackoffMs: 200 } });

  it("joins at a modest rate pass; past the average the join is refused and the socket closed, new sockets get 429 until the average drops", async () => {
    const env = s.env();
    const calm = await s.socket();
    for (let i = 0; i < 3; i++) expect(ok((await join(calm, env, `calm-${i}`)).reply)).toBe(true);
    await sleep(300);

    const socket = await s.socket();
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => join(socket, env, `burst-${i}`)));
    expect(burst.every(({ reply }) => ok(reply))).toBe(true);
    // the counter acts at its next tick
    let refusal: Frame | undefined;
    for (let i = 0; i < 40 && !refusal; i++) {
      const { reply } = await join(socket, env, `more-${i}`);
      if (!ok(reply)) refusal = reply;
      else await sleep(25);
    }
    expect(refusal?.[4]).toEqual({ status: "error", response: { reason: "ClientJoinRateLimitReached: Too many joins per second" } });
    expect(await socket.closed).toBe(1000);
    expect(await refusedConnect(env)).toMatchObject({ status: 429, body: { error: "Too many joins per second" } });

    // 12 buckets of 250 ms: the burst leaves the average after 3 s
    let reopened: RawSocket | undefined;
    for (let i = 0; i < 40 && !reopened; i++) {
      reopened = await RawSocket.open(env.url, { apikey: env.anonKey, vsn: "2.0.0" }).catch(() => undefined);
      if (!reopened) await sleep(100);
    }
    expect(reopened).toBeDefined();
    expect(ok((await join(reopened!, env, "after")).reply)).toBe(true);
    reopened!.close();
  });
});

describe("max_events_per_second", () => {
  const s = service({ limits: { maxEventsPerSecond: 50, rateCounterTickMs: 100 } });

  it("a few broadcasts pass; past the average each channel that receives one gets a system error and phx_close, the sender stays", async () => {
    const env = s.env();
    const senderClient = await s.client();
    const sender = senderClient.supabase.channel("events");
    await subscribed(sender);
    const js = new Inbox<Broadcast>();
    const systems = new Inbox<Record<string, unknown>>();
    const receiver = (await s.client()).supabase.channel("events").on("broadcast", { event: "*" }, js.push).on("system", {}, systems.push);
    const statuses = watch(receiver);
    await statuses.some((s) => s.status === "SUBSCRIBED");
    const raw = await s.socket();
    const { ref: joinRef } = await join(raw, env, "events");

    for (let i = 0; i < 3; i++) await sender.send({ type: "broadcast", event: "calm", payload: { i } });
    await js.count(3);
    await sleep(300);
    expect(statuses.items.map((s) => s.status)).toEqual(["SUBSCRIBED"]);

    for (let i = 0; i < 100; i++) void sender.send({ type: "broadcast", event: "burst", payload: { i } });
    for (let i = 0; i < 60 && !statuses.items.some((s) => s.status === "CLOSED"); i++) {
      await sleep(50);
      await sender.send({ type: "broadcast", event: "more", payload: { i } });
    }
    await statuses.some((s) => s.status === "CLOSED");
    expect(systems.items.at(-1)).toMatchObject({
      extension: "system",
      status: "error",
      message: "Too many messages per second",
      channel: "events",
    });

    const system = await raw.next((f) => f[3] === "system");
    expect(system).toEqual([
      joinRef,
      null,
      "realtime:events",
      "system",
      { extension: "system", status: "error", message: "Too many messages per second", channel: "events" },
    ]);
    const frames = raw.frames.items.filter((f): f is Frame => !Buffer.isBuffer(f));
    expect(frames.slice(frames.indexOf(system) + 1, frames.indexOf(system) + 2)).toEqual([
      [joinRef, joinRef, "realtime:events", "phx_close", {}],
    ]);
    // the sender received nothing, so nothing ended its channel
    expect(sender.state).toBe("joined");
  });
});

describe("presence: the client's messages per window", () => {
  const s = service({ limits: { clientPresenceWindowMs: 2500 } });

  it("five presence messages pass; the sixth within the window gets no reply, a system error and phx_close", async () => {
    const env = s.env();
    const socket = await s.socket();
    const { ref: joinRef } = await join(socket, env, "window", { presence: { key: "raw", enabled: true } });
    const refs = Array.from({ length: 6 }, (_, i) => {
      const ref = socket.nextRef();
      socket.send([joinRef, ref, "realtime:window", "presence", { type: "presence", event: "track", payload: { n: i } }]);
      return ref;
    });
    await socket.next((f) => f[3] === "phx_close");
    const frames = socket.frames.items.filter((f): f is Frame => !Buffer.isBuffer(f));
    for (const ref of refs.slice(0, 5)) expect(frames.find((f) => f[1] === ref)?.[4]).toEqual({ status: "ok", response: {} });
    expect(frames.some((f) => f[1] === refs[5])).toBe(false);
    expect(frames.slice(-2)).toEqual([
      [
        joinRef,
        null,
        "realtime:window",
        "system",
        { extension: "system", status: "error", message: "Client presence rate limit exceeded", channel: "window" },
      ],
      [joinRef, joinRef, "realtime:window", "phx_close", {}],
    ]);
  });

  it("realtime-js: a new window brings five more; the channel stays joined", async () => {
    const channel = (await s.client()).supabase.channel("window-js", { config: { presence: { key: "js" } } });
    await subscribed(channel);
    const started = performance.now();
    for (let i = 0; i < 5; i++) expect(await channel.track({ n: i })).toBe("ok");
    await sleep(2600 - (performance.now() - started));
    for (let i = 5; i < 10; i++) expect(await channel.track({ n: i })).toBe("ok");
    expect(channel.state).toBe("joined");
  });
});

describe("presence: the tenant's presence events per second", () => {
  const s = service({ limits: { maxPresenceEventsPerSecond: 20, maxClientPresenceEventsPerWindow: 1000, rateCounterTickMs: 100 } });

  it("a track passes; past the average a track ends the channel, and so does a join's presence_state", async () => {
    const env = s.env();
    const alone = (await s.client()).supabase.channel("presence-calm", { config: { presence: { key: "calm" } } });
    await subscribed(alone);
    expect(await alone.track({ here: true })).toBe("ok");
    await sleep(300);

    const systems = new Inbox<Record<string, unknown>>();
    const member = (await s.client()).supabase
      .channel("presence-busy", { config: { presence: { key: "js" } } })
      .on("system", {}, systems.push);
    const statuses = watch(member);
    await statuses.some((s) => s.status === "SUBSCRIBED");
    const socket = await s.socket();
    const { ref: joinRef } = await join(socket, env, "presence-busy", { presence: { key: "raw", enabled: true } });
    for (let i = 0; i < 60 && !statuses.items.some((s) => s.status === "CLOSED"); i++) {
      socket.send([joinRef, socket.nextRef(), "realtime:presence-busy", "presence", { type: "presence", event: "track", payload: { i } }]);
      void member.track({ i });
      await sleep(20);
    }
    await statuses.some((s) => s.status === "CLOSED");
    expect(systems.items.at(-1)).toMatchObject({
      extension: "system",
      status: "error",
      message: "Too many presence messages per second",
      channel: "presence-busy",
    });

    const late = await s.socket();
    const { reply, ref } = await join(late, env, "presence-busy", { presence: { key: "late", enabled: true } });
    expect(ok(reply)).toBe(true);
    const close = await late.next((f) => f[3] === "phx_close");
    const frames = late.frames.items.filter((f): f is Frame => !Buffer.isBuffer(f));
    expect(frames.slice(frames.indexOf(close) - 1)).toEqual([
      [
        ref,
        null,
        "realtime:presence-busy",
        "system",
        { extension: "system", status: "error", message: "Too many presence messages per second", channel: "presence-busy" },
      ],
      [ref, ref, "realtime:presence-busy", "phx_close", {}],
    ]);
    expect(frames.some((f) => f[3] === "presence_state")).toBe(false);
  });
});

describe("max_payload_size_in_kb (1 kB here: 1,500 bytes as Realtime measures them)", () => {
  const s = service({ limits: { maxPayloadSizeInKb: 1 } });
  const big = "x".repeat(2000);
  const post = (path: string, body: BodyInit, contentType = "application/json") =>
    fetch(`${s.env().url}/realtime/v1${path}`, { method: "POST", headers: { apikey: s.env().anonKey, "content-type": contentType }, body });

  it("a broadcast over the limit is dropped; with ack the reply is payload_size_exceeded (realtime-js: 'error'), JSON or bytes", async () => {
    const env = s.env();
    const received = new Inbox<Broadcast>();
    await subscribed((await s.client()).supabase.channel("size").on("broadcast", { event: "*" }, received.push));
    const sender = (await s.client()).supabase.channel("size", { config: { broadcast: { ack: true } } });
    await subscribed(sender);
    expect(await sender.send({ type: "broadcast", event: "big", payload: { text: big } })).toBe("error");
    expect(await sender.send({ type: "broadcast", event: "bytes", payload: new Uint8Array(2000).buffer })).toBe("error");
    expect(await sender.send({ type: "broadcast", event: "small", payload: { text: "hi" } })).toBe("ok");
    await received.count(1);

    const socket = await s.socket();
    const { ref: joinRef } = await join(socket, env, "size", { broadcast: { self: false, ack: true } });
    socket.send([joinRef, "50", "realtime:size", "broadcast", { type: "broadcast", event: "big", payload: { text: big } }]);
    expect(await socket.next((f) => f[1] === "50")).toEqual([
      joinRef,
      "50",
      "realtime:size",
      "phx_reply",
      { status: "error", response: "payload_size_exceeded" },
    ]);
    socket.send([joinRef, "51", "realtime:size", "broadcast", { type: "broadcast", event: "small", payload: {} }]);
    expect((await socket.next((f) => f[1] === "51"))[4]).toEqual({ status: "ok", response: {} });
    await received.count(2);
    expect(received.items.map((m) => m.event)).toEqual(["small", "small"]);
  });

  it("a track over the limit ends the channel: Track message size exceeded", async () => {
    const env = s.env();
    const socket = await s.socket();
    const { ref: joinRef } = await join(socket, env, "size-track", { presence: { key: "k", enabled: true } });
    socket.send([joinRef, "60", "realtime:size-track", "presence", { type: "presence", event: "track", payload: { text: "small" } }]);
    expect((await socket.next((f) => f[1] === "60"))[4]).toEqual({ status: "ok", response: {} });
    socket.send([joinRef, "61", "realtime:size-track", "presence", { type: "presence", event: "track", payload: { text: big } }]);
    await socket.next((f) => f[3] === "phx_close");
    const frames = socket.frames.items.filter((f): f is Frame => !Buffer.isBuffer(f));
    expect(frames.some((f) => f[1] === "61")).toBe(false);
    expect(frames.slice(-2)).toEqual([
      [
        joinRef,
        null,
        "realtime:size-track",
        "system",
        { extension: "system", status: "error", message: "Track message size exceeded", channel: "size-track" },
      ],
      [joinRef, joinRef, "realtime:size-track", "phx_close", {}],
    ]);
  });

  it("REST: 422 with Realtime's changeset errors, nothing sent; the rate headers on every answer", async () => {
    const received = new Inbox<Broadcast>();
    await subscribed((await s.client()).supabase.channel("size-rest").on("broadcast", { event: "*" }, received.push));
    const batch = await post(
      "/api/broadcast",
      JSON.stringify({
        messages: [
          { topic: "size-rest", event: "big", payload: { text: big } },
          { topic: "size-rest", event: "fine", payload: {} },
        ],
      }),
    );
    expect(batch.status).toBe(422);
    expect(await batch.json()).toEqual({ errors: { messages: [{ payload: ["Payload size exceeds tenant limit"] }, {}] } });
    const single = await post("/api/broadcast/size-rest/events/big", JSON.stringify({ text: big }));
    expect(single.status).toBe(422);
    expect(await single.json()).toEqual({ errors: { payload: ["Payload size exceeds tenant limit"] } });
    const bytes = await post("/api/broadcast/size-rest/events/big", new Uint8Array(1500), "application/octet-stream");
    expect(bytes.status).toBe(422);
    expect(await bytes.json()).toEqual({ errors: { payload: ["Payload size exceeds tenant limit"] } });
    const fine = await post(
      "/api/broadcast",
      JSON.stringify({ messages: [{ topic: "size-rest", event: "fine", payload: { text: "hi" } }] }),
    );
    expect(fine.status).toBe(202);
    expect(fine.headers.get("x-rate-limit")).toBe("100");
    expect(Number(fine.headers.get("x-rate-rolling")) + Number(fine.headers.get("x-rate-limit-remaining"))).toBe(100);
    await received.count(1);
    expect(received.items.map((m) => m.event)).toEqual(["fine"]);
  });

  it("a websocket frame over 5 MB closes the socket (1009), as Realtime's endpoint does", async () => {
    const socket = await s.socket();
    socket.send(Buffer.alloc(5_000_001));
    expect(await socket.closed).toBe(1009);
  });
});

describe("max_events_per_second: REST broadcasts and postgres_changes", () => {
  const s = service({ limits: { maxEventsPerSecond: 10, rateCounterTickMs: 100 } });
  const post = (path: string, body: unknown) =>
    fetch(`${s.env().url}/realtime/v1${path}`, {
      method: "POST",
      headers: { apikey: s.env().anonKey, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const messages = (n: number) => ({ messages: Array.from({ length: n }, (_, i) => ({ topic: "rest-rate", event: "e", payload: { i } })) });

  it("REST messages count: a batch larger than the room left is 429; past the average every request is", async () => {
    const received = new Inbox<Broadcast>();
    await subscribed((await s.client()).supabase.channel("rest-rate").on("broadcast", { event: "*" }, received.push));
    const tooMany = await post("/api/broadcast", messages(11));
    expect(tooMany.status).toBe(429);
    expect(await tooMany.json()).toEqual({ message: "Too many messages to broadcast, please reduce the batch size" });
    expect((await post("/api/broadcast", messages(10))).status).toBe(202);
    await received.count(10);

    let refused: Response | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const response = await post("/api/broadcast", messages(1));
      if (response.status === 429) refused = response;
      else await sleep(25);
    }
    expect(await refused?.json()).toEqual({ message: "You have exceeded your rate limit" });
    const single = await post("/api/broadcast/rest-rate/events/e", { n: 1 });
    expect(single.status).toBe(429);
    expect(await single.json()).toEqual({ message: "You have exceeded your rate limit" });
  });

  it("postgres_changes are skipped while the database events are over the limit, and flow again after", async () => {
    const env = s.env();
    await env.db.pool.query(
      "create table public.limit_probe (id int primary key); alter publication supabase_realtime add table public.limit_probe; grant select on public.limit_probe to anon",
    );
    const inserts = new Inbox<number>();
    const channel = (await s.client()).supabase
      .channel("changes")
      .on("postgres_changes", { event: "INSERT", schema: "public", table: "limit_probe" }, (change) =>
        inserts.push((change.new as { id: number }).id),
      );
    await subscribed(channel);
    const insert = (ids: number[]) => env.db.pool.query("insert into public.limit_probe select unnest($1::int[])", [ids]);

    await insert([1]);
    await inserts.count(1);
    // a burst far over 10/s: the counter is triggered at its next tick (part of the burst may be skipped already)
    await insert(Array.from({ length: 40 }, (_, i) => 100 + i));
    await inserts.until((ids) => ids.some((id) => id >= 100));
    await sleep(250);
    await insert([500]);
    // once the burst has left the average (12 buckets of 100 ms), changes flow again
    await sleep(1500);
    let delivered: number | undefined;
    for (let id = 600; id < 620 && delivered === undefined; id++) {
      await insert([id]);
      await waitFor("the change", () => inserts.items.includes(id), 1000).then(
        () => (delivered = id),
        () => undefined,
      );
    }
    expect(delivered).toBeDefined();
    // 500 was committed before `delivered`, and changes arrive in commit order: it was skipped
    expect(inserts.items).not.toContain(500);
  });
});

describe("REST requests per second (RealtimeWeb.Plugs.RateLimiter)", () => {
  const s = service({ limits: { maxEventsPerSecond: 10, requestCounterTickMs: 100 } });
  const post = () =>
    fetch(`${s.env().url}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: s.env().anonKey, "content-type": "application/json" },
      body: '{"messages":[]}',
    });

  it("every request counts, refused ones too; past max_events_per_second on average: 429 Too many requests", async () => {
    const first = await post();
    expect(first.status).toBe(422);
    expect([first.headers.get("x-rate-rolling"), first.headers.get("x-rate-limit"), first.headers.get("x-rate-limit-remaining")]).toEqual([
      "0",
      "10",
      "10",
    ]);
    const burst = await Promise.all(Array.from({ length: 40 }, () => post()));
    expect(burst.filter((r) => r.status === 422).length).toBeGreaterThan(0);
    let refused: Response | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const response = await post();
      if (response.status === 429) refused = response;
      else await sleep(20);
    }
    expect(refused?.status).toBe(429);
    expect(await refused!.json()).toEqual({ message: "Too many requests" });
    const rolling = Number(refused!.headers.get("x-rate-rolling"));
    expect(rolling).toBeGreaterThanOrEqual(10);
    expect(refused!.headers.get("x-rate-limit-remaining")).toBe(String(10 - rolling));
  });
});
