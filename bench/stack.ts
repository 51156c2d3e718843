// Through the stack: start times of the local stack as the CLI starts it (cold: a new folder with
// initdb, migrations and seed; warm: the data exists; again: already running), and join/leave
// through the unmodified supabase-js → gateway → PostgREST → Postgres (RLS and triggers), one
// request at a time (latency) and from 8 clients at once (throughput). Next to them, the cheapest
// request PostgREST answers (one row by primary key), the stack's own floor in the same run.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import WebSocket from "ws";
import type { Database } from "../lib/database.types";
import type { ScratchStack } from "@habitats/supabase-local/scratch-stack";
import { summarize, type Row } from "./lib/stats";
import { userToken } from "./lib/tokens";

const SEQUENTIAL = 200;
const CLIENTS = 8;
const PER_CLIENT = 50;

function clientAs(stack: ScratchStack, token: string): SupabaseClient<Database> {
  return createClient<Database>(stack.apiUrl, stack.keys.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}

async function timed(samples: number[], work: () => PromiseLike<{ error: unknown }>): Promise<void> {
  const t = performance.now();
  const { error } = await work();
  samples.push(performance.now() - t);
  if (error) throw new Error(`request failed: ${JSON.stringify(error)}`);
}

/** Members of a new habitat with one party each (so that clients never share a party's lock). */
async function members(stack: ScratchStack, count: number): Promise<{ user: string; party: string }[]> {
  const admin = new pg.Client({ connectionString: stack.dbUrl });
  await admin.connect();
  try {
    const users = (
      await admin.query<{ id: string }>(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
        select gen_random_uuid(), 'authenticated', 'authenticated', 'stack' || i || '@example.com', '{}', now(), now()
        from generate_series(1, ${count}) i returning id`)
    ).rows.map((r) => r.id);
    const habitat = (
      await admin.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Bench', $1) returning id", [users[0]])
    ).rows[0]!.id;
    await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [
      habitat,
      users,
    ]);
    const parties = (
      await admin.query<{ id: string }>(
        `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start) select $1, 'Bench ' || g, now() + interval '1 day' from generate_series(1, ${count}) g returning id`,
        [habitat],
      )
    ).rows.map((r) => r.id);
    return users.map((user, i) => ({ user, party: parties[i]! }));
  } finally {
    await admin.end();
  }
}

async function startTimes(stack: ScratchStack): Promise<Row> {
  const again = await stack.cli("start");
  await stack.cli("stop");
  const warm = await stack.cli("start");
  return { "cold start ms": Math.round(stack.coldStartMs), "warm start ms": Math.round(warm), "already running ms": Math.round(again) };
}

export async function benchStack(stack: ScratchStack): Promise<{ starts: Row; requests: Row[] }> {
  const starts = await startTimes(stack);
  const people = await members(stack, CLIENTS);
  const clients = await Promise.all(
    people.map(async (p) => ({ ...p, db: clientAs(stack, await userToken(stack.keys.jwtSecret, p.user)) })),
  );
  const one = clients[0]!;

  const read: number[] = [];
  const joins: number[] = [];
  const leaves: number[] = [];
  const join = (c: (typeof clients)[number], samples: number[]) =>
    timed(samples, () => c.db.from("stream_participants").insert({ stream_id: c.party, user_id: c.user }));
  const leave = (c: (typeof clients)[number], samples: number[]) =>
    timed(samples, () => c.db.from("stream_participants").delete().eq("stream_id", c.party).eq("user_id", c.user));
  for (let i = 0; i < 20; i++) await timed([], () => one.db.from("habitat_watch_parties").select("id").eq("id", one.party).single()); // warm-up
  for (let i = 0; i < SEQUENTIAL; i++)
    await timed(read, () => one.db.from("habitat_watch_parties").select("id").eq("id", one.party).single());
  for (let i = 0; i < SEQUENTIAL; i++) {
    await join(one, joins);
    await leave(one, leaves);
  }

  const concurrentJoins: number[] = [];
  const concurrentLeaves: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        await join(c, concurrentJoins);
        await leave(c, concurrentLeaves);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const row = (name: string, samples: number[], opsPerSecond?: number): Row => {
    const s = summarize(samples);
    return { request: name, count: s.count, "p50 ms": s.p50, "p95 ms": s.p95, "ops/s": opsPerSecond ?? Math.round(1000 / s.mean) };
  };
  return {
    starts,
    requests: [
      row("read one party by id (floor)", read),
      row("join, one client", joins),
      row("leave, one client", leaves),
      row(`join, ${CLIENTS} clients at once`, concurrentJoins, Math.round((concurrentJoins.length + concurrentLeaves.length) / seconds)),
      row(`leave, ${CLIENTS} clients at once`, concurrentLeaves, Math.round((concurrentJoins.length + concurrentLeaves.length) / seconds)),
    ],
  };
}
