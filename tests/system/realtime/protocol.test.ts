// The wire protocol seen from a bare Phoenix client: connect checks, heartbeats, join replies and
// their errors, token updates and expiry, leaving, and the exact postgres_changes frame.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindingId } from "@habitats/supabase-local/realtime/extensions/postgres-changes/bindings";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import {
  Inbox,
  RawSocket,
  startTestRealtime,
  subscribed,
  TestClient,
  type Frame,
  type TestRealtime,
} from "@habitats/supabase-local/testing/realtime";

let env: TestRealtime;
let fixtures: Fixtures;
let user: string;
let party: string;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  env = await startTestRealtime();
  fixtures = new Fixtures(env.db.pool);
  user = await fixtures.user("user");
  party = await fixtures.party(await fixtures.habitat(user));
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

async function open(params: Record<string, string> = {}): Promise<RawSocket> {
  const socket = await RawSocket.open(env.url, { apikey: env.anonKey, vsn: "2.0.0", ...params });
  sockets.push(socket);
  return socket;
}

/** Sends a join and returns its reply frame. */
async function join(socket: RawSocket, topic: string, payload: Record<string, unknown>): Promise<Frame> {
  const ref = socket.nextRef();
  socket.send([ref, ref, topic, "phx_join", payload]);
  return socket.next((f) => f[1] === ref && f[3] === "phx_reply");
}

const config = (extra: Record<string, unknown> = {}) => ({
  config: { broadcast: { ack: false, self: false }, presence: { key: "", enabled: false }, postgres_changes: [], private: false, ...extra },
});

describe("connecting", () => {
  it("the apikey must be a JWT signed with the project's secret", async () => {
    await expect(
      RawSocket.open(env.url, { apikey: await env.sign({ role: "anon" }).then((t) => `${t.slice(0, -4)}AAAA`), vsn: "2.0.0" }),
    ).rejects.toMatchObject({
      status: 401,
      body: JSON.stringify({ error: "Failed to validate JWT signature" }),
    });
    await expect(RawSocket.open(env.url, { vsn: "2.0.0" })).rejects.toMatchObject({
      status: 401,
      body: JSON.stringify({ error: "API key is missing" }),
    });
  });

  it("an unknown serializer version is refused", async () => {
    await expect(RawSocket.open(env.url, { apikey: env.anonKey, vsn: "9.0.0" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("heartbeats and topics", () => {
  it("a heartbeat gets an ok reply with its ref", async () => {
    const socket = await open();
    socket.send([null, "7", "phoenix", "heartbeat", {}]);
    expect(await socket.next((f) => f[1] === "7")).toEqual([null, "7", "phoenix", "phx_reply", { status: "ok", response: {} }]);
  });

  it("a message for a topic that was not joined gets `unmatched topic`", async () => {
    const socket = await open();
    socket.send(["1", "2", "realtime:nowhere", "broadcast", { type: "broadcast", event: "e", payload: {} }]);
    expect(await socket.next((f) => f[1] === "2")).toEqual([
      "1",
      "2",
      "realtime:nowhere",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
  });

  it("a join needs a topic name", async () => {
    const socket = await open();
    expect(await join(socket, "realtime:", config())).toEqual([
      "1",
      "1",
      "realtime:",
      "phx_reply",
      { status: "error", response: { reason: "TopicNameRequired: You must provide a topic name" } },
    ]);
  });

  it("broadcast.replication_ready gets a system message once replication streams", async () => {
    const socket = await open();
    await join(socket, "realtime:ready", config({ broadcast: { ack: false, self: false, replication_ready: true } }));
    expect(await socket.next((f) => f[3] === "system")).toEqual([
      "1",
      null,
      "realtime:ready",
      "system",
      { extension: "system", status: "ok", message: "Replication connection established", channel: "ready" },
    ]);
  });

  it("phx_leave is answered ok, then the channel closes", async () => {
    const socket = await open();
    await join(socket, "realtime:leaving", config());
    socket.send(["1", "2", "realtime:leaving", "phx_leave", {}]);
    expect(await socket.next((f) => f[1] === "2")).toEqual(["1", "2", "realtime:leaving", "phx_reply", { status: "ok", response: {} }]);
    expect(await socket.next((f) => f[3] === "phx_close")).toEqual(["1", "1", "realtime:leaving", "phx_close", {}]);
  });

  it("serializer 1.0.0 speaks JSON objects", async () => {
    const socket = await open({ vsn: "1.0.0" });
    socket.send({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "5" });
    expect(await socket.frames.some((f) => (f as unknown as { ref?: string }).ref === "5")).toEqual({
      topic: "phoenix",
      event: "phx_reply",
      payload: { status: "ok", response: {} },
      ref: "5",
    });
    socket.send({ topic: "realtime:v1", event: "phx_join", payload: config(), ref: "6", join_ref: "6" });
    expect(await socket.frames.some((f) => (f as unknown as { ref?: string }).ref === "6")).toEqual({
      topic: "realtime:v1",
      event: "phx_reply",
      payload: { status: "ok", response: { postgres_changes: [] } },
      ref: "6",
    });
  });
});

describe("joining with postgres_changes", () => {
  const binding = () => ({ event: "*", schema: "public", table: "habitat_watch_parties", filter: `id=eq.${party}` });

  it("the reply echoes each binding with its id; changes carry those ids and the full payload", async () => {
    const socket = await open();
    const reply = await join(socket, "realtime:room", {
      ...config({ postgres_changes: [binding()] }),
      access_token: await env.userToken(user),
    });
    const id = bindingId(binding());
    expect(reply).toEqual([
      "1",
      "1",
      "realtime:room",
      "phx_reply",
      { status: "ok", response: { postgres_changes: [{ ...binding(), id }] } },
    ]);
    expect(await socket.next((f) => f[3] === "system")).toEqual([
      "1",
      null,
      "realtime:room",
      "system",
      { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: "room" },
    ]);

    await env.db.pool.query("update public.habitat_watch_parties set title = 'Renamed' where id = $1", [party]);
    // (the party's INSERT may come first: it is dispatched after this subscription began)
    const change = await socket.next((f) => f[3] === "postgres_changes" && (f[4] as { data: { type: string } }).data.type === "UPDATE");
    expect(change.slice(0, 4)).toEqual([null, null, "realtime:room", "postgres_changes"]);
    const { ids, data } = change[4] as { ids: number[]; data: Record<string, unknown> };
    expect(ids).toEqual([id]);
    expect(Object.keys(data).sort()).toEqual(["columns", "commit_timestamp", "errors", "old_record", "record", "schema", "table", "type"]);
    expect(data).toMatchObject({
      schema: "public",
      table: "habitat_watch_parties",
      type: "UPDATE",
      errors: null,
      old_record: { id: party },
    });
    const { rows } = await env.db.pool.query<{ name: string; type: string }>(
      `select attname as name, typname as type from pg_attribute join pg_type on pg_type.oid = atttypid
       where attrelid = 'public.habitat_watch_parties'::regclass and attnum > 0 and not attisdropped order by attnum`,
    );
    expect(data.columns).toEqual(rows);
    expect(data.record).toMatchObject({ id: party, title: "Renamed", participant_count: 0, description: null });
  });

  it("with postgres_changes_options.wait, a binding the service cannot honour fails the join", async () => {
    const socket = await open();
    const reply = await join(
      socket,
      "realtime:waiting",
      config({ postgres_changes: [{ event: "*", schema: "public", table: "no_such_table" }], postgres_changes_options: { wait: true } }),
    );
    expect(reply[4]).toEqual({
      status: "error",
      response: {
        reason:
          "RealtimeDisabledForConfiguration: Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: no_such_table, filters: [], select: nil]",
      },
    });
  });

  it("a binding the service cannot honour is reported in a system message; the join itself succeeds", async () => {
    const socket = await open();
    const reply = await join(
      socket,
      "realtime:bad",
      config({ postgres_changes: [{ event: "*", schema: "public", table: "no_such_table" }] }),
    );
    expect(reply[4]).toMatchObject({ status: "ok" });
    expect((await socket.next((f) => f[3] === "system"))[4]).toEqual({
      extension: "postgres_changes",
      status: "error",
      channel: "bad",
      message:
        "Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: no_such_table, filters: [], select: nil]",
    });
  });
});

describe("tokens", () => {
  it("a join with a token that fails the signature check is refused", async () => {
    const socket = await open();
    const forged = (await env.userToken(user)).slice(0, -4) + "AAAA";
    expect((await join(socket, "realtime:forged", { ...config(), access_token: forged }))[4]).toEqual({
      status: "error",
      response: { reason: "JwtSignatureError: Failed to validate JWT signature" },
    });
  });

  it("a join with an expired token is refused, saying when it expired", async () => {
    const socket = await open();
    const expired = await env.sign({ sub: user, role: "authenticated" }, -120);
    const reply = await join(socket, "realtime:expired", { ...config(), access_token: expired });
    expect(reply[4]).toEqual({
      status: "error",
      response: { reason: expect.stringMatching(/^InvalidJWTToken: Token has expired 12\d seconds ago$/) },
    });
  });

  it("the real client reports a refused join as CHANNEL_ERROR with the reason", async () => {
    const client = await TestClient.create(env, await env.sign({ role: "authenticated" }, -60));
    try {
      await expect(subscribed(client.supabase.channel("refused"))).rejects.toThrow(/CHANNEL_ERROR: InvalidJWTToken: Token has expired/);
    } finally {
      await client.close();
    }
  });

  it("an access_token update that fails the checks ends the channel with a system message", async () => {
    const socket = await open();
    await join(socket, "realtime:update", { ...config(), access_token: await env.userToken(user) });
    const expired = await env.sign({ sub: user, role: "authenticated" }, -5);
    socket.send(["1", "2", "realtime:update", "access_token", { access_token: expired }]);
    const message = await socket.next((f) => f[3] === "system");
    expect(message).toEqual([
      "1",
      null,
      "realtime:update",
      "system",
      { extension: "system", status: "error", message: expect.stringMatching(/^Token has expired [5-9] seconds ago$/), channel: "update" },
    ]);
    expect(await socket.next((f) => f[3] === "phx_close")).toEqual(["1", "1", "realtime:update", "phx_close", {}]);
  });

  it("a token that expires while joined ends the channel when it does", async () => {
    const socket = await open();
    await join(socket, "realtime:expiring", { ...config(), access_token: await env.userToken(user, 2) });
    expect((await socket.next((f) => f[3] === "system", 10_000))[4]).toEqual({
      extension: "system",
      status: "error",
      message: expect.stringMatching(/^Token has expired [01] seconds ago$/),
      channel: "expiring",
    });
    await socket.next((f) => f[3] === "phx_close");
  });

  it("private channels need a role that may read them: anon may not, service_role may", async () => {
    const socket = await open();
    expect((await join(socket, "realtime:secret", config({ private: true })))[4]).toEqual({
      status: "error",
      response: { reason: "Unauthorized: You do not have permissions to read from this Channel topic: secret" },
    });
    expect((await join(socket, "realtime:secret", { ...config({ private: true }), access_token: env.serviceKey }))[4]).toMatchObject({
      status: "ok",
    });
  });
});

describe("presence on join", () => {
  it("a join with presence enabled receives presence_state after the reply", async () => {
    const first = await open();
    await join(first, "realtime:lobby", config({ presence: { key: "alice", enabled: true } }));
    first.send(["1", "2", "realtime:lobby", "presence", { type: "presence", event: "track", payload: { status: "online" } }]);
    expect(await first.next((f) => f[1] === "2")).toEqual(["1", "2", "realtime:lobby", "phx_reply", { status: "ok", response: {} }]);

    const second = await open();
    await join(second, "realtime:lobby", config({ presence: { key: "bob", enabled: true } }));
    const state = await second.next((f) => f[3] === "presence_state");
    expect(state).toEqual([
      "1",
      null,
      "realtime:lobby",
      "presence_state",
      { alice: { metas: [{ status: "online", phx_ref: expect.any(String) }] } },
    ]);
  });
});

describe("broadcast frames", () => {
  it("a kind 3 binary broadcast reaches another 2.0.0 member as a kind 4 frame and is acknowledged", async () => {
    const sender = await open();
    const receiver = await open();
    await join(sender, "realtime:bin", config({ broadcast: { ack: true, self: false } }));
    await join(receiver, "realtime:bin", config());
    const topic = Buffer.from("realtime:bin");
    const header = Buffer.from([3, 1, 1, topic.length, 4, 0, 1]);
    sender.send(Buffer.concat([header, Buffer.from("1"), Buffer.from("9"), topic, Buffer.from("ping"), Buffer.from('{"n":1}')]));
    expect(await sender.next((f) => f[1] === "9")).toEqual(["1", "9", "realtime:bin", "phx_reply", { status: "ok", response: {} }]);
    const inbox = receiver.frames as Inbox<Frame | Buffer>;
    const frame = (await inbox.some((f) => Buffer.isBuffer(f))) as Buffer;
    expect(frame).toEqual(Buffer.concat([Buffer.from([4, topic.length, 4, 0, 1]), topic, Buffer.from("ping"), Buffer.from('{"n":1}')]));
  });
});
