// Realtime: latency from commit to the client's callback (the payload's commit_timestamp against
// the callback's clock; same machine) with 1, 10 and 100 subscribers on one party, and the events
// per second delivered under a sustained burst. Subscribers are members using the unmodified
// supabase-js through the gateway; every INSERT is checked against each subscriber's RLS.
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import WebSocket from "ws";
import { summarize, type Row } from "./lib/stats";
import { userToken } from "./lib/tokens";

const EVENTS = 100;
const SPACING_MS = 20;
const BURST = 1000;

interface Subscriber {
  client: SupabaseClient;
  channel: RealtimeChannel;
}

async function subscribe(apiUrl: string, anonKey: string, token: string, party: string, onEvent: (commitTimestamp: string) => void): Promise<Subscriber> {
  const client = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  await client.realtime.setAuth(token);
  const channel = client
    .channel(`party:${party}`)
    .on("postgres_changes", { event: "INSERT", schema: "public", table: "stream_participants", filter: `stream_id=eq.${party}` }, (payload) => onEvent(payload.commit_timestamp));
  await new Promise<void>((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === "SUBSCRIBED") resolve();
      else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(error ?? new Error(status));
    });
  });
  return { client, channel };
}

export interface RealtimeBenchTarget {
  apiUrl: string;
  anonKey: string;
  jwtSecret: string;
  dbUrl: string;
}

export async function benchRealtime(target: RealtimeBenchTarget): Promise<{ rows: Row[]; throughput: Row }> {
  const admin = new pg.Client({ connectionString: target.dbUrl });
  await admin.connect();
  await admin.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'rt' || lpad(i::text, 5, '0') || '@example.com', '{}', now(), now()
    from generate_series(1, ${BURST + EVENTS * 3 + 100}) i`);
  const users = (await admin.query<{ id: string }>("select id from auth.users order by email")).rows.map((r) => r.id);
  const habitat = (await admin.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Realtime', $1) returning id", [users[0]])).rows[0]!.id;
  await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [habitat, users]);
  const newParty = async () =>
    (await admin.query<{ id: string }>("insert into public.habitat_watch_parties (habitat_id, title, scheduled_start) values ($1, 'Live', now() + interval '1 hour') returning id", [habitat])).rows[0]!.id;
  let nextJoiner = 100; // users[0..99] subscribe, the rest join
  const join = (party: string) => admin.query("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [party, users[nextJoiner++]]);

  const rows: Row[] = [];
  for (const count of [1, 10, 100]) {
    const party = await newParty();
    const latencies: number[] = [];
    const subscribers = await Promise.all(
      users.slice(0, count).map(async (user) =>
        subscribe(target.apiUrl, target.anonKey, await userToken(target.jwtSecret, user), party, (ts) => latencies.push(Date.now() - Date.parse(ts))),
      ),
    );
    for (let i = 0; i < EVENTS; i++) {
      await join(party);
      await new Promise((r) => setTimeout(r, SPACING_MS));
    }
    const deadline = Date.now() + 10_000;
    while (latencies.length < count * EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(subscribers.map((s) => s.client.removeAllChannels()));
    const s = summarize(latencies);
    rows.push({ subscribers: count, delivered: `${latencies.length}/${count * EVENTS}`, "p50 ms": s.p50, "p95 ms": s.p95, "p99 ms": s.p99 });
  }

  // sustained: a burst of joins as fast as one connection commits them, 10 subscribers
  const party = await newParty();
  let delivered = 0;
  let last = 0;
  const subscribers = await Promise.all(
    users.slice(0, 10).map(async (user) =>
      subscribe(target.apiUrl, target.anonKey, await userToken(target.jwtSecret, user), party, () => {
        delivered++;
        last = performance.now();
      }),
    ),
  );
  const started = performance.now();
  for (let i = 0; i < BURST; i++) await join(party);
  const committed = performance.now();
  const deadline = Date.now() + 30_000;
  while (delivered < 10 * BURST && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await Promise.all(subscribers.map((s) => s.client.removeAllChannels()));
  await admin.end();
  return {
    rows,
    throughput: {
      commits: BURST,
      "commits/s": Math.round(BURST / ((committed - started) / 1000)),
      delivered: `${delivered}/${10 * BURST}`,
      "events/s delivered": Math.round(delivered / ((last - started) / 1000)),
    },
  };
}
