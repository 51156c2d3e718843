// Realtime: one join fanned out to the members of one room, through the gateway, measured in the
// same run for the two ways a room can listen:
// - private broadcast from the database (what the app uses): the join's trigger writes one
//   realtime.messages row, which realtime forwards to every subscriber whose join passed the
//   policies on realtime.messages;
// - postgres_changes on stream_participants (what the app used before): realtime checks every
//   change against every subscriber's RLS.
// Latency is from just before the client sends the join's INSERT (autocommit) to each subscriber's
// callback, on one machine's clock. Database work per change is read from pg_stat_database;
// REST requests caused per join are counted on the app's own room channel (openPartyChannel with a
// counting fetch). Then a sustained load: 10 rooms × 100 subscribers, 50 joins/s for 30 s.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import WebSocket from "ws";
import { openPartyChannel } from "@/lib/streaming/party-channel";
import { queryKeys } from "@/lib/streaming/queries";
import { StreamingRepository } from "@/lib/streaming/streaming-repository";
import type { Database } from "@/lib/database.types";
import { summarize, type Row } from "./lib/stats";
import { userToken } from "./lib/tokens";

const FANOUT_SIZES = [100, 1000];
const FANOUT_JOINS = 20;
const FANOUT_SPACING_MS = 100;
const APP_ROOMS = 20;
const SUSTAINED_ROOMS = 10;
const SUSTAINED_SUBSCRIBERS = 100;
const SUSTAINED_RATE = 50;
const SUSTAINED_SECONDS = 30;

export interface RealtimeBenchTarget {
  apiUrl: string;
  anonKey: string;
  jwtSecret: string;
  dbUrl: string;
}

type Method = "private broadcast" | "postgres_changes";

/** One member's supabase-js client, its token handed to realtime (Node 20 needs the ws transport). */
export async function memberClient(
  target: RealtimeBenchTarget,
  userId: string,
  fetchImpl?: typeof fetch,
): Promise<SupabaseClient<Database>> {
  const token = await userToken(target.jwtSecret, userId);
  const client = createClient<Database>(target.apiUrl, target.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    ...(fetchImpl ? { global: { fetch: fetchImpl } } : {}),
  });
  await client.realtime.setAuth(token);
  return client;
}

export function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === "SUBSCRIBED") resolve(channel);
      else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(error ?? new Error(status));
    });
  });
}

/** Subscribes `client` to `party`'s joins the way `method` delivers them; calls `onJoin(userId)`. */
function listen(
  client: SupabaseClient<Database>,
  method: Method,
  party: string,
  onJoin: (userId: string) => void,
): Promise<RealtimeChannel> {
  if (method === "private broadcast") {
    const channel = client
      .channel(`party:${party}`, { config: { private: true } })
      .on("broadcast", { event: "participant_joined" }, ({ payload }) => {
        onJoin((payload as { participant: { userId: string } }).participant.userId);
      });
    return subscribed(channel);
  }
  const channel = client
    .channel(`changes:${party}`)
    .on(
      "postgres_changes",
      { event: "INSERT", schema: "public", table: "stream_participants", filter: `stream_id=eq.${party}` },
      (payload) => {
        onJoin((payload.new as { user_id: string }).user_id);
      },
    );
  return subscribed(channel);
}

/** Subscribes many clients a few at a time (the join rate limit is per second). */
export async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

const until = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

export async function benchRealtime(target: RealtimeBenchTarget): Promise<{ fanout: Row[]; app: Row; sustained: Row }> {
  const admin = new pg.Client({ connectionString: target.dbUrl });
  await admin.connect();
  const subscriberCount = Math.max(...FANOUT_SIZES, SUSTAINED_ROOMS * SUSTAINED_SUBSCRIBERS);
  const joinerCount = FANOUT_SIZES.length * 2 * FANOUT_JOINS + APP_ROOMS + SUSTAINED_RATE * SUSTAINED_SECONDS + 100;
  await admin.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'rt' || lpad(i::text, 6, '0') || '@example.com', '{}', now(), now()
    from generate_series(1, ${subscriberCount + joinerCount}) i`);
  const users = (await admin.query<{ id: string }>("select id from auth.users where email like 'rt%' order by email")).rows.map(
    (r) => r.id,
  );
  const subscribersPool = users.slice(0, subscriberCount);
  const joiners = users.slice(subscriberCount);
  const habitat = (
    await admin.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Realtime', $1) returning id", [users[0]])
  ).rows[0]!.id;
  await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [
    habitat,
    users,
  ]);
  const newParty = async () =>
    (
      await admin.query<{ id: string }>(
        "insert into public.habitat_watch_parties (habitat_id, title, scheduled_start) values ($1, 'Live', now() + interval '1 hour') returning id",
        [habitat],
      )
    ).rows[0]!.id;
  let nextJoiner = 0;
  const joinSent = new Map<string, number>();
  const join = async (party: string) => {
    const userId = joiners[nextJoiner++]!;
    joinSent.set(userId, Date.now());
    await admin.query("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [party, userId]);
  };
  const dbWork = async () =>
    (
      await admin.query<{ xacts: string; rows: string }>(
        "select xact_commit + xact_rollback as xacts, tup_returned + tup_fetched as rows from pg_stat_database where datname = current_database()",
      )
    ).rows[0]!;

  const clients = await inBatches(subscribersPool, 50, (userId) => memberClient(target, userId));

  // ---- fan-out: one room, n subscribers, each method in turn ----
  const fanout: Row[] = [];
  for (const n of FANOUT_SIZES) {
    for (const method of ["private broadcast", "postgres_changes"] as Method[]) {
      const party = await newParty();
      const latencies: number[] = [];
      const channels = await inBatches(clients.slice(0, n), 50, (client) =>
        listen(client, method, party, (userId) => {
          const sent = joinSent.get(userId);
          if (sent !== undefined) latencies.push(Date.now() - sent);
        }),
      );
      const before = await dbWork();
      for (let i = 0; i < FANOUT_JOINS; i++) {
        await join(party);
        await new Promise((r) => setTimeout(r, FANOUT_SPACING_MS));
      }
      await until(() => latencies.length >= n * FANOUT_JOINS, 20_000);
      const after = await dbWork();
      await Promise.all(channels.map((channel) => channel.unsubscribe()));
      const s = summarize(latencies);
      fanout.push({
        method,
        subscribers: n,
        delivered: `${latencies.length}/${n * FANOUT_JOINS}`,
        "p50 ms": s.p50,
        "p95 ms": s.p95,
        "max ms": s.max,
        // the join's own transaction and this read of the statistics included
        "db transactions per join": (Number(after.xacts) - Number(before.xacts)) / FANOUT_JOINS,
        "db rows read per join": Math.round((Number(after.rows) - Number(before.rows)) / FANOUT_JOINS),
      });
    }
  }

  // ---- REST requests a join causes in rooms open in the app (its own channel code) ----
  let restRequests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    restRequests++;
    return fetch(input, init);
  };
  const appParty = await newParty();
  const rooms = await Promise.all(
    subscribersPool.slice(0, APP_ROOMS).map(async (userId) => {
      const supabase = await memberClient(target, userId, countingFetch);
      const queryClient = new QueryClient();
      const repository = new StreamingRepository(supabase);
      const observers = [
        new QueryObserver(queryClient, {
          queryKey: queryKeys.participants(appParty),
          queryFn: () => repository.listParticipants(appParty),
        }),
        new QueryObserver(queryClient, { queryKey: queryKeys.party(appParty), queryFn: () => repository.getParty(appParty) }),
        new QueryObserver(queryClient, {
          queryKey: queryKeys.habitatMembers(habitat),
          queryFn: () => repository.listHabitatMembers(habitat),
        }),
      ];
      const unsubscribe = observers.map((observer) => observer.subscribe(() => undefined));
      let live = false;
      const stop = openPartyChannel({
        supabase,
        queryClient,
        partyId: appParty,
        habitatId: habitat,
        viewer: { id: userId, displayName: userId, avatarUrl: null },
        emit: (state) => (live = state.status === "live"),
      });
      return { queryClient, isLive: () => live, stop: () => (stop(), unsubscribe.forEach((done) => done()), supabase.removeAllChannels()) };
    }),
  );
  await until(() => rooms.every((room) => room.isLive() && room.queryClient.isFetching() === 0), 30_000);
  const requestsBefore = restRequests;
  for (let i = 0; i < FANOUT_JOINS; i++) await join(appParty);
  await until(
    () => rooms.every((room) => (room.queryClient.getQueryData<unknown[]>(queryKeys.participants(appParty))?.length ?? 0) >= FANOUT_JOINS),
    20_000,
  );
  const app: Row = {
    rooms: APP_ROOMS,
    joins: FANOUT_JOINS,
    "rooms showing every join": rooms.filter(
      (room) => (room.queryClient.getQueryData<unknown[]>(queryKeys.participants(appParty))?.length ?? 0) >= FANOUT_JOINS,
    ).length,
    "REST requests per join": (restRequests - requestsBefore) / FANOUT_JOINS,
  };
  await Promise.all(rooms.map((room) => room.stop()));

  // ---- sustained: 10 rooms × 100 subscribers, 50 joins/s for 30 s ----
  // one after another: `admin` is one connection
  const parties: string[] = [];
  for (let i = 0; i < SUSTAINED_ROOMS; i++) parties.push(await newParty());
  const latencies: number[] = [];
  const channels = await inBatches(
    clients.slice(0, SUSTAINED_ROOMS * SUSTAINED_SUBSCRIBERS).map((client, i) => ({ client, party: parties[i % SUSTAINED_ROOMS]! })),
    50,
    ({ client, party }) =>
      listen(client, "private broadcast", party, (userId) => {
        const sent = joinSent.get(userId);
        if (sent !== undefined) latencies.push(Date.now() - sent);
      }),
  );
  const total = SUSTAINED_RATE * SUSTAINED_SECONDS;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / SUSTAINED_RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    await join(parties[i % SUSTAINED_ROOMS]!);
  }
  const expected = total * SUSTAINED_SUBSCRIBERS;
  await until(() => latencies.length >= expected, 30_000);
  const s = summarize(latencies);
  const sustained: Row = {
    rooms: SUSTAINED_ROOMS,
    "subscribers per room": SUSTAINED_SUBSCRIBERS,
    "joins/s": Math.round(total / ((Date.now() - started) / 1000)),
    delivered: `${latencies.length}/${expected}`,
    lost: expected - latencies.length,
    "p50 ms": s.p50,
    "p95 ms": s.p95,
    "max ms": s.max,
  };
  await Promise.all(channels.map((channel) => channel.unsubscribe()));
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  await admin.end();
  return { fanout, app, sustained };
}
