// Broadcast from the database: rows inserted into realtime.messages (realtime.send, send_binary,
// broadcast_changes, a plain INSERT) reach the subscribers of their topic from the service's own
// replication slot, in commit order, as the unmodified realtime-js receives them and with the exact
// frames of both serializers; replay at join; the publication and the temporary slot.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Inbox, RawSocket, startTestRealtime, subscribed, TestClient, type Frame, type TestRealtime } from "../../testing/realtime";
import { waitFor } from "../../testing/wait";
import { MESSAGES_PUBLICATION, messagesSlotName } from "./replication-connection";

let env: TestRealtime;
const clients: TestClient[] = [];
const sockets: RawSocket[] = [];

beforeAll(async () => {
  env = await startTestRealtime();
  await env.db.pool.query(`
    -- anon may see presence (not broadcasts) of topics named watch:*
    create policy "test: watchers see presence" on realtime.messages for select to anon using (
      (select realtime.topic()) like 'watch:%' and messages.extension = 'presence');
    create table public.rt_items (id int primary key, name text);
    create function public.rt_items_broadcast() returns trigger language plpgsql security definer set search_path = '' as $$
    begin
      perform realtime.broadcast_changes('items', tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
      return null;
    end $$;
    create trigger rt_items_broadcast after insert or update or delete on public.rt_items for each row execute function public.rt_items_broadcast();
  `);
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(clients.map((client) => client.close()));
  await env?.close();
});

type Broadcast = { type: string; event: string; payload: Record<string, unknown>; meta?: Record<string, unknown> };

/** A realtime-js channel on `topic` (private: read with the service role, which bypasses RLS; public: anon). */
async function listen(topic: string, options: { private: boolean; replay?: { since: number; limit?: number } }): Promise<Inbox<Broadcast>> {
  const client = await TestClient.create(env, options.private ? env.serviceKey : env.anonKey);
  clients.push(client);
  const inbox = new Inbox<Broadcast>();
  const broadcast = { ack: false, self: false, ...(options.replay ? { replay: options.replay } : {}) };
  await subscribed(
    client.supabase
      .channel(topic, { config: { private: options.private, broadcast } })
      .on("broadcast", { event: "*" }, (m) => inbox.push(m as Broadcast)),
  );
  return inbox;
}

const send = (payload: unknown, event: string, topic: string, isPrivate = true) =>
  env.db.pool.query("select realtime.send($1::jsonb, $2, $3, $4)", [JSON.stringify(payload), event, topic, isPrivate]);

async function open(vsn: "1.0.0" | "2.0.0", token = env.serviceKey): Promise<RawSocket> {
  const socket = await RawSocket.open(env.url, { apikey: token, vsn });
  sockets.push(socket);
  return socket;
}

/** Joins `topic` (vsn 2.0.0 frames are arrays, 1.0.0 objects) and returns the reply payload. */
async function join(
  socket: RawSocket,
  vsn: "1.0.0" | "2.0.0",
  topic: string,
  config: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const ref = socket.nextRef();
  const payload = {
    config: {
      broadcast: { ack: false, self: false },
      presence: { key: "", enabled: false },
      postgres_changes: [],
      private: true,
      ...config,
    },
  };
  if (vsn === "2.0.0") {
    socket.send([ref, ref, `realtime:${topic}`, "phx_join", payload]);
    return (await socket.next((f) => f[1] === ref && f[3] === "phx_reply"))[4];
  }
  socket.send({ topic: `realtime:${topic}`, event: "phx_join", payload, ref, join_ref: ref });
  const reply = (await socket.frames.some((f) => !Buffer.isBuffer(f) && (f as unknown as { ref: string }).ref === ref)) as unknown as {
    payload: Record<string, unknown>;
  };
  return reply.payload;
}

/** The kind 4 frame's parts. */
function userBroadcastFrame(frame: Buffer) {
  const [kind, topicSize, eventSize, metaSize, encoding] = [...frame.subarray(0, 5)] as [number, number, number, number, number];
  let offset = 5;
  const take = (n: number) => frame.subarray(offset, (offset += n));
  return {
    kind,
    encoding,
    topic: take(topicSize).toString(),
    event: take(eventSize).toString(),
    meta: take(metaSize).toString(),
    payload: frame.subarray(offset),
  };
}

describe("realtime.send", () => {
  it("reaches the private subscribers of its topic (private by default), realtime.send(..., false) the public ones; never both", async () => {
    const topic = `orders:${randomUUID()}`;
    const privateInbox = await listen(topic, { private: true });
    const publicInbox = await listen(topic, { private: false });
    await send({ n: 1 }, "created", topic);
    await send({ n: 2 }, "created", topic, false);
    const [privateMessage] = await privateInbox.count(1);
    const [publicMessage] = await publicInbox.count(1);
    expect(privateMessage).toEqual({
      type: "broadcast",
      event: "created",
      payload: { n: 1, id: expect.any(String) },
      meta: { id: privateMessage!.payload.id },
    });
    expect(publicMessage).toMatchObject({ event: "created", payload: { n: 2 } });
    // each arrived once, on its side only
    await send({ n: 3 }, "marker", topic);
    await privateInbox.count(2);
    expect(privateInbox.items.map((m) => m.payload.n)).toEqual([1, 3]);
    expect(publicInbox.items.map((m) => m.payload.n)).toEqual([2]);
  });

  it("serializer 2.0.0: a kind 4 binary frame with meta {id} and the payload as Postgres prints the jsonb", async () => {
    const topic = `frames:${randomUUID()}`;
    const socket = await open("2.0.0");
    expect(await join(socket, "2.0.0", topic, {})).toMatchObject({ status: "ok" });
    await send({ b: [1, 2], a: "x" }, "shape", topic);
    const frame = (await socket.frames.some((f) => Buffer.isBuffer(f))) as Buffer;
    const { rows } = await env.db.pool.query<{ id: string; payload: string }>(
      "select id, payload::text from realtime.messages where topic = $1",
      [topic],
    );
    expect(userBroadcastFrame(frame)).toEqual({
      kind: 4,
      encoding: 1,
      topic: `realtime:${topic}`,
      event: "shape",
      meta: JSON.stringify({ id: rows[0]!.id }),
      payload: Buffer.from(rows[0]!.payload),
    });
  });

  it("serializer 1.0.0: a JSON broadcast {type, event, payload, meta: {id}} with no refs", async () => {
    const topic = `frames:${randomUUID()}`;
    const socket = await open("1.0.0");
    expect(await join(socket, "1.0.0", topic, {})).toMatchObject({ status: "ok" });
    await send({ a: 1 }, "shape", topic);
    const frame = await socket.frames.some((f) => !Buffer.isBuffer(f) && (f as unknown as { event: string }).event === "broadcast");
    const { rows } = await env.db.pool.query<{ id: string }>("select id from realtime.messages where topic = $1", [topic]);
    const id = rows[0]!.id;
    expect(frame).toEqual({
      topic: `realtime:${topic}`,
      event: "broadcast",
      payload: { type: "broadcast", event: "shape", payload: { a: 1, id }, meta: { id } },
      ref: null,
    });
  });

  it("realtime.send_binary: raw bytes (encoding 0) on 2.0.0; nothing on 1.0.0, which cannot carry them", async () => {
    const topic = `bytes:${randomUUID()}`;
    const v2 = await open("2.0.0");
    const v1 = await open("1.0.0");
    await join(v2, "2.0.0", topic, {});
    await join(v1, "1.0.0", topic, {});
    await env.db.pool.query("select realtime.send_binary('\\x00ff10'::bytea, 'blob', $1)", [topic]);
    await send({ after: true }, "json", topic);
    const frames = (await v2.frames.until((items) => items.filter((f) => Buffer.isBuffer(f)).length >= 2)).filter((f): f is Buffer =>
      Buffer.isBuffer(f),
    );
    expect(userBroadcastFrame(frames[0]!)).toMatchObject({ kind: 4, encoding: 0, event: "blob", payload: Buffer.from([0, 0xff, 0x10]) });
    await v1.frames.some((f) => !Buffer.isBuffer(f) && (f as unknown as { event: string }).event === "broadcast");
    expect(v1.frames.items.filter((f) => !Buffer.isBuffer(f) && (f as unknown as { event: string }).event === "broadcast")).toHaveLength(1);
  });

  it("arrives in commit order; a rolled-back send never arrives; sends of one transaction keep their order", async () => {
    const topic = `order:${randomUUID()}`;
    const inbox = await listen(topic, { private: true });
    for (let i = 0; i < 20; i++) await send({ i }, "n", topic);
    const client = await env.db.pool.connect();
    try {
      await client.query("begin");
      await client.query("select realtime.send('{\"i\": -1}', 'n', $1)", [topic]);
      await client.query("rollback");
      await client.query("begin");
      for (const i of [20, 21, 22]) await client.query("select realtime.send($1::jsonb, 'n', $2)", [JSON.stringify({ i }), topic]);
      await client.query("commit");
    } finally {
      client.release();
    }
    await inbox.count(23);
    expect(inbox.items.map((m) => m.payload.i)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it("only INSERTs count, and a row needs event, topic, private and a payload; extension is not checked", async () => {
    const topic = `rows:${randomUUID()}`;
    const inbox = await listen(topic, { private: true });
    const insert = (values: Record<string, unknown>) =>
      env.db.pool.query(
        "insert into realtime.messages (topic, extension, event, payload, private) values ($1, $2, $3, $4, $5) returning id",
        [
          topic,
          values.extension ?? "broadcast",
          values.event === undefined ? "e" : values.event,
          values.payload === undefined ? JSON.stringify({ kind: values.kind }) : values.payload,
          values.private === undefined ? true : values.private,
        ],
      );
    await insert({ kind: "no event", event: null });
    await insert({ kind: "no payload", payload: null });
    await insert({ kind: "no private", private: null });
    const { rows } = await insert({ kind: "presence row", extension: "presence" });
    await env.db.pool.query('update realtime.messages set payload = \'{"kind": "updated"}\' where id = $1', [rows[0]!.id]);
    await env.db.pool.query("delete from realtime.messages where id = $1", [rows[0]!.id]);
    await insert({ kind: "last" });
    await inbox.count(2);
    expect(inbox.items.map((m) => m.payload.kind)).toEqual(["presence row", "last"]);
  });

  it("skips members who may not read broadcasts", async () => {
    const topic = `watch:${randomUUID()}`;
    const client = await TestClient.create(env);
    clients.push(client);
    const watcher = new Inbox<Broadcast>();
    await subscribed(
      client.supabase
        .channel(topic, { config: { private: true } })
        .on("broadcast", { event: "*" }, (m) => watcher.push(m as Broadcast))
        .on("presence", { event: "sync" }, () => undefined),
    );
    const reader = await listen(topic, { private: true });
    await send({}, "hidden", topic);
    await reader.count(1);
    expect(watcher.items).toEqual([]);
  });
});

describe("realtime.broadcast_changes", () => {
  it("a row trigger's INSERT, UPDATE and DELETE as private broadcasts {old_record, record, operation, table, schema, id}", async () => {
    const inbox = await listen("items", { private: true });
    await env.db.pool.query("insert into public.rt_items values (1, 'one')");
    await env.db.pool.query("update public.rt_items set name = 'uno' where id = 1");
    await env.db.pool.query("delete from public.rt_items where id = 1");
    await inbox.count(3);
    const common = { table: "rt_items", schema: "public", id: expect.any(String) };
    expect(inbox.items.map((m) => [m.event, m.payload])).toEqual([
      ["INSERT", { ...common, operation: "INSERT", record: { id: 1, name: "one" }, old_record: null }],
      ["UPDATE", { ...common, operation: "UPDATE", record: { id: 1, name: "uno" }, old_record: { id: 1, name: "one" } }],
      ["DELETE", { ...common, operation: "DELETE", record: null, old_record: { id: 1, name: "uno" } }],
    ]);
  });
});

describe("replay", () => {
  it("a private join with replay {since, limit} gets the newest `limit` messages since then, oldest first, marked replayed", async () => {
    const topic = `replay:${randomUUID()}`;
    await env.db.pool.query(
      "insert into realtime.messages (topic, extension, event, payload, private, inserted_at) values ($1, 'broadcast', 'old', '{}', true, timezone('utc', now()) - interval '1 hour')",
      [topic],
    );
    const since = Date.now() - 60_000;
    for (const n of [1, 2, 3]) await send({ n }, "kept", topic);
    await send({ n: "public" }, "kept", topic, false);
    await env.db.pool.query(
      "insert into realtime.messages (topic, extension, event, payload, private) values ($1, 'presence', 'p', '{}', true)",
      [topic],
    );
    const inbox = await listen(topic, { private: true, replay: { since, limit: 2 } });
    await send({ n: 4 }, "live", topic);
    await inbox.count(3);
    const { rows } = await env.db.pool.query<{ id: string; n: number }>(
      "select id, (payload ->> 'n')::int as n from realtime.messages where topic = $1 and event = 'kept' and private",
      [topic],
    );
    const idOf = (n: number) => rows.find((r) => r.n === n)!.id;
    expect(inbox.items.map((m) => [m.event, m.payload.n, m.meta])).toEqual([
      ["kept", 2, { replayed: true, id: idOf(2) }],
      ["kept", 3, { replayed: true, id: idOf(3) }],
      ["live", 4, { id: expect.any(String) }],
    ]);
  });

  it("replayed messages are pushed right after the join reply, binary ones as kind 4 frames with their meta", async () => {
    const topic = `replay:${randomUUID()}`;
    await env.db.pool.query("select realtime.send_binary('\\x0102'::bytea, 'bin', $1)", [topic]);
    await send({ j: 1 }, "json", topic);
    const socket = await open("2.0.0");
    expect(await join(socket, "2.0.0", topic, { broadcast: { replay: { since: Date.now() - 60_000 } } })).toMatchObject({ status: "ok" });
    const [binary, json] = await socket.frames.until((items) => items.length >= 3).then((items) => [items[1], items[2]]);
    const { rows } = await env.db.pool.query<{ id: string; event: string }>("select id, event from realtime.messages where topic = $1", [
      topic,
    ]);
    const idOf = (event: string) => rows.find((r) => r.event === event)!.id;
    expect(userBroadcastFrame(binary as Buffer)).toMatchObject({
      kind: 4,
      encoding: 0,
      event: "bin",
      meta: JSON.stringify({ replayed: true, id: idOf("bin") }),
      payload: Buffer.from([1, 2]),
    });
    expect(json).toEqual([
      "1",
      null,
      `realtime:${topic}`,
      "broadcast",
      { type: "broadcast", event: "json", payload: { j: 1, id: idOf("json") }, meta: { replayed: true, id: idOf("json") } },
    ]);
  });

  it("is refused on public channels, with malformed params, and to members who may not read broadcasts", async () => {
    const socket = await open("2.0.0");
    expect(await join(socket, "2.0.0", "replay-public", { private: false, broadcast: { replay: { since: 0 } } })).toEqual({
      status: "error",
      response: { reason: "UnableToReplayMessages: Replay is not allowed for public channels" },
    });
    expect(await join(socket, "2.0.0", "replay-bad", { broadcast: { replay: { since: "yesterday" } } })).toEqual({
      status: "error",
      response: { reason: "UnableToReplayMessages: Replay params are not valid" },
    });
    const anon = await open("2.0.0", env.anonKey);
    const topic = `watch:${randomUUID()}`;
    expect(await join(anon, "2.0.0", topic, { presence: { key: "", enabled: true }, broadcast: { replay: { since: 0 } } })).toEqual({
      status: "error",
      response: { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}` },
    });
  });
});

describe("the stream", () => {
  it("comes from a temporary slot on a publication of realtime.messages alone, recreated when it holds other tables", async () => {
    const slots = await env.db.pool.query<{ temporary: boolean; active: boolean }>(
      "select temporary, active from pg_replication_slots where slot_name = $1",
      [messagesSlotName(env.serviceDatabaseUrl)],
    );
    expect(slots.rows).toEqual([{ temporary: true, active: true }]);
    const tables = async () =>
      (
        await env.db.pool.query<{ t: string }>(
          "select schemaname || '.' || tablename as t from pg_publication_tables where pubname = $1 order by 1",
          [MESSAGES_PUBLICATION],
        )
      ).rows.map((r) => r.t);
    expect((await tables()).every((t) => /^realtime\.messages_\d{4}_\d{2}_\d{2}$/.test(t))).toBe(true);

    await env.db.pool.query(`alter publication ${MESSAGES_PUBLICATION} add table public.rt_items`);
    // a second service on the same database: it finds the publication spoiled and recreates it
    const { startRealtime } = await import("../index");
    const { freePort } = await import("../../ports");
    const second = await startRealtime({
      port: await freePort(),
      databaseUrl: env.serviceDatabaseUrl,
      adminDatabaseUrl: env.db.url,
      jwtSecret: env.secret,
      slotName: `realtime_test_${randomUUID().slice(0, 8)}`,
      messagesSlotName: `realtime_test_messages_${randomUUID().slice(0, 8)}`,
    });
    try {
      expect((await tables()).includes("public.rt_items")).toBe(false);
    } finally {
      await second.stop();
    }
  });

  it("broadcast.replication_ready gets a system message once the stream is up", async () => {
    const socket = await open("2.0.0");
    await join(socket, "2.0.0", "ready", { broadcast: { ack: false, self: false, replication_ready: true } });
    expect(await socket.next((f: Frame) => f[3] === "system")).toEqual([
      "1",
      null,
      "realtime:ready",
      "system",
      { extension: "system", status: "ok", message: "Replication connection established", channel: "ready" },
    ]);
  });

  it("a lost replication connection comes back with a new slot", async () => {
    const topic = `lost:${randomUUID()}`;
    const inbox = await listen(topic, { private: true });
    const slot = messagesSlotName(env.serviceDatabaseUrl);
    const walsender = async () =>
      (await env.db.pool.query<{ pid: number | null }>("select active_pid as pid from pg_replication_slots where slot_name = $1", [slot]))
        .rows[0]?.pid ?? null;
    const before = await walsender();
    await env.db.pool.query("select pg_terminate_backend($1)", [before]);
    await waitFor("a new walsender on a new slot", async () => ![null, before].includes(await walsender()));
    await send({ after: true }, "back", topic);
    await inbox.some((m) => m.event === "back");
  });
});
