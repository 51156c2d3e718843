// Private channels authorized by the policies on realtime.messages, through the unmodified
// supabase-js client and a bare Phoenix socket: the read check at join (and its refusals, each
// after the backoff), the write check on the first client broadcast or presence track (then
// cached), presence and broadcasts withheld from members who may not read them, a new token's
// checks (reads lost end the channel, reads gained count at once), and private-only projects. The
// policies are this file's own: grants per topic, user, extension and action in a small table.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_ERROR_BACKOFF_MS } from "../index";
import { Inbox, RawSocket, startTestRealtime, subscribed, TestClient, type Frame, type TestRealtime } from "../../testing/realtime";

let env: TestRealtime;
const clients: TestClient[] = [];
const sockets: RawSocket[] = [];

type Grant = { topic: string; user: string; extension: "broadcast" | "presence"; action: "read" | "write" };

beforeAll(async () => {
  env = await startTestRealtime();
  await env.db.pool.query(`
    create table public.rt_grants (topic text not null, user_id uuid not null, extension text not null, action text not null);
    grant select on public.rt_grants to authenticated;
    create policy "test: read by grant" on realtime.messages for select to authenticated using (
      exists (select 1 from public.rt_grants g where g.topic = (select realtime.topic()) and g.user_id = (select auth.uid()) and g.extension = messages.extension and g.action = 'read'));
    create policy "test: write by grant" on realtime.messages for insert to authenticated with check (
      exists (select 1 from public.rt_grants g where g.topic = (select realtime.topic()) and g.user_id = (select auth.uid()) and g.extension = messages.extension and g.action = 'write'));
    -- the upgrade request's x-* headers reach the policies in request.headers
    create policy "test: the vault opens with its key" on realtime.messages for select to anon using (
      (select realtime.topic()) = 'vault' and (current_setting('request.headers', true)::json ->> 'x-vault-key') = 'open-sesame');
    -- a policy that raises for one topic
    create function public.rt_boom() returns boolean language plpgsql volatile as $$
    begin
      if realtime.topic() = 'boom' then raise exception 'boom'; end if;
      return false;
    end $$;
    create policy "test: raises on boom" on realtime.messages for select to authenticated using (public.rt_boom());
  `);
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(clients.map((client) => client.close()));
  await env?.close();
});

async function grant(...grants: Grant[]): Promise<void> {
  for (const g of grants)
    await env.db.pool.query("insert into public.rt_grants values ($1, $2, $3, $4)", [g.topic, g.user, g.extension, g.action]);
}

async function revoke(topic: string, user: string, extension?: string): Promise<void> {
  await env.db.pool.query("delete from public.rt_grants where topic = $1 and user_id = $2 and ($3::text is null or extension = $3)", [
    topic,
    user,
    extension ?? null,
  ]);
}

/** A user who may do `actions` on `topic`. */
async function userWith(topic: string, actions: Array<`${Grant["extension"]}.${Grant["action"]}`>): Promise<string> {
  const user = randomUUID();
  await grant(...actions.map((a) => ({ topic, user, extension: a.split(".")[0], action: a.split(".")[1] }) as Grant));
  return user;
}

async function clientFor(user: string | null): Promise<TestClient> {
  const client = await TestClient.create(env, user === null ? env.anonKey : await env.userToken(user));
  clients.push(client);
  return client;
}

type Broadcast = { type: string; event: string; payload: Record<string, unknown>; meta?: Record<string, unknown> };

/** A private channel with broadcast and presence listeners, subscribed. */
async function privateMember(user: string, topic: string, options: { presence?: boolean; ack?: boolean; self?: boolean } = {}) {
  const broadcasts = new Inbox<Broadcast>();
  const presence = new Inbox<{ event: string; key: string }>();
  const client = await clientFor(user);
  let channel = client.supabase
    .channel(topic, {
      config: { private: true, broadcast: { ack: options.ack ?? false, self: options.self ?? false }, presence: { key: user } },
    })
    .on("broadcast", { event: "*" }, (message) => broadcasts.push(message as Broadcast));
  if (options.presence ?? true) {
    channel = channel.on("presence", { event: "join" }, presence.push).on("presence", { event: "leave" }, presence.push);
  }
  await subscribed(channel);
  return { client, channel, broadcasts, presence };
}

async function open(token?: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const socket = await RawSocket.open(env.url, { apikey: token ?? env.anonKey, vsn: "2.0.0" }, headers);
  sockets.push(socket);
  return socket;
}

const joinPayload = (
  topic: string,
  extra: { presence?: boolean; private?: boolean; token?: string; broadcast?: Record<string, unknown> } = {},
) => ({
  config: {
    broadcast: { ack: false, self: false, ...extra.broadcast },
    presence: { key: "", enabled: extra.presence ?? false },
    postgres_changes: [],
    private: extra.private ?? true,
  },
  ...(extra.token ? { access_token: extra.token } : {}),
});

/** Sends a join and returns its reply frame. */
async function join(socket: RawSocket, topic: string, payload: Record<string, unknown>, timeoutMs?: number): Promise<Frame> {
  const ref = socket.nextRef();
  socket.send([ref, ref, `realtime:${topic}`, "phx_join", payload]);
  return socket.next((f) => f[1] === ref && f[3] === "phx_reply", timeoutMs);
}

const unauthorized = (topic: string) => ({
  status: "error",
  response: { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}` },
});

describe("joining a private channel", () => {
  it("is allowed with broadcast read; refused without any read, with the reason realtime-js reports", async () => {
    const topic = `room:${randomUUID()}`;
    const reader = await userWith(topic, ["broadcast.read"]);
    await privateMember(reader, topic);
    const stranger = randomUUID();
    await expect(subscribed((await clientFor(stranger)).supabase.channel(topic, { config: { private: true } }))).rejects.toThrow(
      `CHANNEL_ERROR: Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
  });

  it("the refusal is the exact reply, sent after the channel error backoff", async () => {
    const topic = `room:${randomUUID()}`;
    const socket = await open();
    const started = Date.now();
    const reply = await join(socket, topic, joinPayload(topic, { token: await env.userToken(randomUUID()) }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(reply).toEqual(["1", "1", `realtime:${topic}`, "phx_reply", unauthorized(topic)]);
  });

  it("with presence read only: allowed when presence is enabled, refused when it is not (only broadcast is probed)", async () => {
    const topic = `room:${randomUUID()}`;
    const watcher = await userWith(topic, ["presence.read"]);
    const token = await env.userToken(watcher);
    const socket = await open();
    expect((await join(socket, topic, joinPayload(topic, { token, presence: true })))[4]).toMatchObject({ status: "ok" });
    const other = await open();
    expect((await join(other, topic, joinPayload(topic, { token, presence: false })))[4]).toEqual(unauthorized(topic));
  });

  it("a policy that raises, or a role Postgres does not know, is a refusal", async () => {
    const socket = await open();
    expect((await join(socket, "boom", joinPayload("boom", { token: await env.userToken(randomUUID()) })))[4]).toEqual(
      unauthorized("boom"),
    );
    expect(
      (await join(socket, "strange", joinPayload("strange", { token: await env.sign({ sub: randomUUID(), role: "no_such_role" }) })))[4],
    ).toEqual(unauthorized("strange"));
  });

  it("policies see the upgrade request's x-* headers", async () => {
    const without = await open();
    expect((await join(without, "vault", joinPayload("vault")))[4]).toEqual(unauthorized("vault"));
    const withKey = await open(undefined, { "x-vault-key": "open-sesame" });
    expect((await join(withKey, "vault", joinPayload("vault")))[4]).toMatchObject({ status: "ok" });
  });

  it("a role that bypasses row level security reads every topic", async () => {
    const socket = await open();
    expect((await join(socket, "anything", joinPayload("anything", { token: env.serviceKey })))[4]).toMatchObject({ status: "ok" });
  });
});

describe("client broadcasts", () => {
  it("with broadcast write they reach the readers (ack 'ok'); the write check is cached for the join", async () => {
    const topic = `room:${randomUUID()}`;
    const writer = await userWith(topic, ["broadcast.read", "broadcast.write"]);
    const reader = await privateMember(await userWith(topic, ["broadcast.read"]), topic);
    const sender = await privateMember(writer, topic, { ack: true });
    expect(await sender.channel.send({ type: "broadcast", event: "hello", payload: { n: 1 } })).toBe("ok");
    await reader.broadcasts.count(1);
    // write was checked once: taking it away now changes nothing for this join
    await revoke(topic, writer, "broadcast");
    await grant({ topic, user: writer, extension: "broadcast", action: "read" });
    expect(await sender.channel.send({ type: "broadcast", event: "hello", payload: { n: 2 } })).toBe("ok");
    await reader.broadcasts.count(2);
    expect(reader.broadcasts.items.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("without write they are dropped with no reply, even with ack", async () => {
    const topic = `room:${randomUUID()}`;
    const reader = await privateMember(await userWith(topic, ["broadcast.read"]), topic);
    const readOnly = await privateMember(await userWith(topic, ["broadcast.read"]), topic, { ack: true });
    expect(await readOnly.channel.send({ type: "broadcast", event: "hello", payload: {} }, { timeout: 500 })).toBe("timed out");

    const socket = await open();
    const token = await env.userToken(await userWith(topic, ["broadcast.read"]));
    await join(socket, topic, joinPayload(topic, { token, broadcast: { ack: true } }));
    socket.send(["1", "2", `realtime:${topic}`, "broadcast", { type: "broadcast", event: "dropped", payload: {} }]);
    // a later message on the same topic is answered: the broadcast before it got nothing
    socket.send(["1", "3", `realtime:${topic}`, "presence", { type: "presence", event: "untrack" }]);
    await socket.next((f) => f[1] === "3");
    expect(socket.frames.items.filter((f) => !Buffer.isBuffer(f) && f[1] === "2")).toEqual([]);
    expect(reader.broadcasts.items).toEqual([]);
  });
});

describe("presence", () => {
  it("track with presence write is 'ok'; without it 'error', nothing is tracked and the channel stays joined", async () => {
    const topic = `room:${randomUUID()}`;
    const present = await userWith(topic, ["broadcast.read", "presence.read", "presence.write"]);
    const silent = await userWith(topic, ["broadcast.read", "presence.read"]);
    const a = await privateMember(present, topic);
    const b = await privateMember(silent, topic);
    expect(await a.channel.track({ name: "a" })).toBe("ok");
    expect(await b.channel.track({ name: "b" })).toBe("error");
    await b.presence.some((e) => e.event === "join" && e.key === present);
    expect(Object.keys(b.channel.presenceState())).toEqual([present]);
    expect(a.presence.items.filter((e) => e.key === silent)).toEqual([]);
    // still joined: broadcasts keep arriving
    const response = await fetch(`${env.url}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: env.serviceKey, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ topic, event: "still-here", payload: {}, private: true }] }),
    });
    expect(response.status).toBe(202);
    await b.broadcasts.some((m) => m.event === "still-here");
  });

  it("members without presence read get no presence_state or diff; presence-read-only members get presence but no broadcasts", async () => {
    const topic = `room:${randomUUID()}`;
    const tracker = await privateMember(
      await userWith(topic, ["broadcast.read", "presence.read", "presence.write", "broadcast.write"]),
      topic,
    );
    const broadcastOnly = await privateMember(await userWith(topic, ["broadcast.read"]), topic);
    const presenceOnly = await privateMember(await userWith(topic, ["presence.read"]), topic);
    expect(await tracker.channel.track({ here: true })).toBe("ok");
    await presenceOnly.presence.some((e) => e.event === "join");
    await tracker.channel.send({ type: "broadcast", event: "ping", payload: {} });
    await broadcastOnly.broadcasts.count(1);
    // the broadcast-only member saw no presence, the presence-only member no broadcast
    expect(broadcastOnly.presence.items).toEqual([]);
    expect(broadcastOnly.channel.presenceState()).toEqual({});
    expect(presenceOnly.broadcasts.items).toEqual([]);
  });

  it("presence_state after join only with presence read", async () => {
    const topic = `room:${randomUUID()}`;
    const trackerId = await userWith(topic, ["presence.read", "presence.write"]);
    const tracker = await privateMember(trackerId, topic);
    expect(await tracker.channel.track({ here: true })).toBe("ok");
    const reader = await open();
    await join(reader, topic, joinPayload(topic, { presence: true, token: await env.userToken(await userWith(topic, ["presence.read"])) }));
    expect((await reader.next((f) => f[3] === "presence_state"))[4]).toEqual({
      [trackerId]: { metas: [expect.objectContaining({ here: true })] },
    });
    const blind = await open();
    const blindToken = await env.userToken(await userWith(topic, ["broadcast.read"]));
    await join(blind, topic, joinPayload(topic, { presence: true, token: blindToken }));
    // a later reply on the topic: presence_state would have come before it
    blind.send([null, "9", "phoenix", "heartbeat", {}]);
    await blind.next((f) => f[1] === "9");
    expect(blind.frames.items.filter((f) => !Buffer.isBuffer(f) && f[3] === "presence_state")).toEqual([]);
  });
});

describe("a new token", () => {
  it("that loses every read ends the channel with a system message (CLOSED in realtime-js)", async () => {
    const topic = `room:${randomUUID()}`;
    const user = await userWith(topic, ["broadcast.read"]);
    const client = await clientFor(user);
    const statuses = new Inbox<string>();
    const system = new Inbox<Record<string, unknown>>();
    const channel = client.supabase.channel(topic, { config: { private: true } }).on("system", {}, system.push);
    channel.subscribe((status) => statuses.push(status));
    await statuses.some((s) => s === "SUBSCRIBED");
    await revoke(topic, user);
    await client.setToken(await env.userToken(user, 7200));
    await statuses.some((s) => s === "CLOSED");
    expect(system.items).toContainEqual({
      extension: "system",
      status: "error",
      message: `You do not have permissions to read from this Channel topic: ${topic}`,
      channel: topic,
    });
  });

  it("that loses one read of two ends the channel: 'no longer have permission'", async () => {
    const topic = `room:${randomUUID()}`;
    const user = await userWith(topic, ["broadcast.read", "presence.read"]);
    const socket = await open();
    await join(socket, topic, joinPayload(topic, { presence: true, token: await env.userToken(user) }));
    await revoke(topic, user, "broadcast");
    socket.send(["1", "2", `realtime:${topic}`, "access_token", { access_token: await env.userToken(user, 7200) }]);
    expect(await socket.next((f) => f[3] === "system")).toEqual([
      "1",
      null,
      `realtime:${topic}`,
      "system",
      {
        extension: "system",
        status: "error",
        message: `You no longer have permission to read from this Channel topic: ${topic}`,
        channel: topic,
      },
    ]);
    await socket.next((f) => f[3] === "phx_close");
  });

  it("that gains a read takes effect at once", async () => {
    const topic = `room:${randomUUID()}`;
    const user = await userWith(topic, ["presence.read"]);
    const member = await privateMember(user, topic);
    await grant({ topic, user, extension: "broadcast", action: "read" });
    await member.client.setToken(await env.userToken(user, 7200));
    // the pushed token is handled a moment later: broadcast until one arrives
    expect(await broadcastUntilReceived(topic, member.broadcasts)).toBe(true);
  });
});

/** POSTs private broadcasts as the service role until `inbox` has one (the token push is asynchronous). */
async function broadcastUntilReceived(topic: string, inbox: Inbox<Broadcast>): Promise<boolean> {
  for (let i = 0; i < 100 && inbox.items.length === 0; i++) {
    await fetch(`${env.url}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: env.serviceKey, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ topic, event: "gained", payload: { i }, private: true }] }),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return inbox.items.length > 0;
}

describe("REST broadcast to private topics", () => {
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${env.url}/realtime/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("POST /api/broadcast: 202 either way; a topic the caller may not write is dropped silently", async () => {
    const allowed = `room:${randomUUID()}`;
    const denied = `room:${randomUUID()}`;
    const caller = await userWith(allowed, ["broadcast.write"]);
    const a = await privateMember(await userWith(allowed, ["broadcast.read"]), allowed);
    const d = await privateMember(await userWith(denied, ["broadcast.read"]), denied);
    const token = await env.userToken(caller);
    const response = await post(
      "/api/broadcast",
      {
        messages: [
          { topic: denied, event: "nope", payload: {}, private: true },
          { topic: allowed, event: "yes", payload: { ok: true }, private: true },
        ],
      },
      { apikey: env.anonKey, authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(202);
    await a.broadcasts.count(1);
    expect(a.broadcasts.items).toEqual([{ type: "broadcast", event: "yes", payload: { ok: true } }]);
    // the allowed topic's message came after the denied one's would have
    expect(d.broadcasts.items).toEqual([]);
  });

  it("POST /api/broadcast/:topic/events/:event?private=true: 403 Unauthorized when denied (httpSend rejects), 202 when allowed; policies see every header", async () => {
    const topic = `room:${randomUUID()}`;
    const reader = await privateMember(await userWith(topic, ["broadcast.read"]), topic);
    const stranger = await clientFor(randomUUID());
    await expect(stranger.supabase.channel(topic, { config: { private: true } }).httpSend("nope", { n: 0 })).rejects.toThrow(
      "Unauthorized",
    );
    const denied = await post(`/api/broadcast/${encodeURIComponent(topic)}/events/nope?private=true`, { n: 0 }, { apikey: env.anonKey });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ message: "Unauthorized" });

    const writer = await clientFor(await userWith(topic, ["broadcast.write"]));
    expect(await writer.supabase.channel(topic, { config: { private: true } }).httpSend("yes", { n: 1 })).toEqual({ success: true });
    await reader.broadcasts.count(1);
    expect(reader.broadcasts.items).toEqual([{ type: "broadcast", event: "yes", payload: { n: 1 } }]);

    await env.db.pool.query(`create policy "test: REST writers with a pass" on realtime.messages for insert to anon with check (
      (select realtime.topic()) = 'rest-vault' and (current_setting('request.headers', true)::json ->> 'x-pass') = 'yes')`);
    expect((await post("/api/broadcast/rest-vault/events/e?private=true", {}, { apikey: env.anonKey })).status).toBe(403);
    expect((await post("/api/broadcast/rest-vault/events/e?private=true", {}, { apikey: env.anonKey, "x-pass": "yes" })).status).toBe(202);
  });
});

describe("a private-only project", () => {
  let privateOnly: TestRealtime;
  beforeAll(async () => {
    privateOnly = await startTestRealtime({ privateOnly: true });
  });
  afterAll(async () => privateOnly?.close());

  it("refuses public joins before looking at the token; private ones go on", async () => {
    const socket = await RawSocket.open(privateOnly.url, { apikey: privateOnly.anonKey, vsn: "2.0.0" });
    sockets.push(socket);
    const expired = await privateOnly.sign({ role: "anon" }, -60);
    expect((await join(socket, "lobby", joinPayload("lobby", { private: false, token: expired })))[4]).toEqual({
      status: "error",
      response: { reason: "PrivateOnly: This project only allows private channels" },
    });
    expect((await join(socket, "lobby", joinPayload("lobby", { private: true, token: privateOnly.serviceKey })))[4]).toMatchObject({
      status: "ok",
    });
    const client = await TestClient.create(privateOnly);
    try {
      await expect(subscribed(client.supabase.channel("lobby"))).rejects.toThrow(
        "CHANNEL_ERROR: PrivateOnly: This project only allows private channels",
      );
    } finally {
      await client.close();
    }
  });

  it("without the option, refusals wait Realtime's default backoff of 5 s", async () => {
    expect(CHANNEL_ERROR_BACKOFF_MS).toBe(5000);
    const defaults = await startTestRealtime({ channelErrorBackoffMs: undefined });
    try {
      const socket = await RawSocket.open(defaults.url, { apikey: defaults.anonKey, vsn: "2.0.0" });
      sockets.push(socket);
      const started = Date.now();
      expect((await join(socket, "secret", joinPayload("secret"), 15_000))[4]).toEqual(unauthorized("secret"));
      expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    } finally {
      await defaults.close();
    }
  });
});

describe("when the database cannot answer", () => {
  let broken: TestRealtime;
  beforeAll(async () => {
    broken = await startTestRealtime();
  });
  afterAll(async () => broken?.close());

  async function brokenSocket(): Promise<RawSocket> {
    const socket = await RawSocket.open(broken.url, { apikey: broken.serviceKey, vsn: "2.0.0" });
    sockets.push(socket);
    return socket;
  }

  it("without a partition for today: MissingPartition at join, 422 from the single REST endpoint", async () => {
    const today = `messages_${new Date().toISOString().slice(0, 10).replaceAll("-", "_")}`;
    await broken.db.pool.query(`drop table realtime.${today}`);
    try {
      expect((await join(await brokenSocket(), "room", joinPayload("room")))[4]).toEqual({
        status: "error",
        response: { reason: "MissingPartition: Realtime was unable to find the expected messages partition" },
      });
      const response = await fetch(`${broken.url}/realtime/v1/api/broadcast/room/events/e?private=true`, {
        method: "POST",
        headers: { apikey: broken.serviceKey, "content-type": "application/json" },
        body: "{}",
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ message: "Missing messages partition" });
    } finally {
      const day = new Date().toISOString().slice(0, 10);
      await broken.db.pool.query(
        `create table realtime.${today} partition of realtime.messages for values from ('${day}') to ('${day}'::date + 1)`,
      );
    }
  });

  it("unreachable: UnableToConnectToProject at join", async () => {
    const socket = await brokenSocket();
    await broken.db.pool.query(`alter database ${broken.db.name} connection limit 0`);
    try {
      await broken.db.pool.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and usename = 'supabase_realtime_admin' and application_name = 'supabase_realtime_local'",
      );
      expect((await join(socket, "room", joinPayload("room")))[4]).toEqual({
        status: "error",
        response: { reason: "UnableToConnectToProject: Realtime was unable to connect to the project database" },
      });
    } finally {
      await broken.db.pool.query(`alter database ${broken.db.name} connection limit -1`);
    }
  });
});
