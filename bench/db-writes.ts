// Join and leave through the database with every trigger and RLS policy, as the authenticated
// role, 16 connections at once: on one hot party and spread over 100 parties, against the floor
// in the same run: a table of the same shape (columns, constraints, foreign keys and indexes) with
// no triggers and no RLS. A bare table (columns, primary key and unique constraint only) is
// measured too, for reference.
import pg from "pg";
import { asUserTx } from "./lib/database";
import { summarize, type Row } from "./lib/stats";

const CONNECTIONS = 16;
const USERS = 2000;
const PARTIES = 100;
const OTHER_PARTIES = 1000; // per other habitat
const ROUNDS = 30; // per connection: each round joins 10 parties then leaves them
const SLICES = 6; // the variants alternate, ROUNDS / SLICES rounds at a time
const ROUNDS_PER_SLICE = ROUNDS / SLICES;
const BATCH = 10;

interface Fixture {
  users: string[];
  parties: string[];
}

async function setup(admin: pg.Client): Promise<Fixture> {
  await admin.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'w' || i || '@example.com', jsonb_build_object('display_name', 'W' || i), now(), now()
    from generate_series(1, ${USERS}) i`);
  const users = (await admin.query<{ id: string }>("select id from auth.users order by email")).rows.map((r) => r.id);
  const habitat = (
    await admin.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Bench', $1) returning id", [users[0]])
  ).rows[0]!.id;
  await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [
    habitat,
    users,
  ]);
  const parties = (
    await admin.query<{ id: string }>(
      `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
    select $1, 'Party ' || g, now() + interval '1 day' from generate_series(1, ${PARTIES}) g returning id`,
      [habitat],
    )
  ).rows.map((r) => r.id);
  // the parties table of a live product: nine other habitats with their own parties, so the
  // lookups by primary key are planned as index probes, not as scans of a 100-row table
  await admin.query("insert into public.habitats (name, created_by) select 'Elsewhere ' || i, null from generate_series(1, 9) i");
  await admin.query(
    `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
    select h.id, 'Party ' || g, now() + make_interval(mins => g) from generate_series(1, ${OTHER_PARTIES}) g, public.habitats h where h.id <> $1`,
    [habitat],
  );
  // the floor: the same shape (columns, constraints, foreign keys, indexes), no triggers, no RLS
  await admin.query(`create table public.bench_floor (
      id uuid primary key default gen_random_uuid(),
      stream_id uuid not null references public.habitat_watch_parties (id) on delete cascade,
      user_id uuid not null references auth.users (id) on delete cascade,
      joined_at timestamptz default now(), is_host boolean default false, reminder_enabled boolean default false,
      created_at timestamptz default now(), unique (stream_id, user_id),
      check (joined_at is not null and is_host is not null and reminder_enabled is not null));
    create index on public.bench_floor (stream_id, joined_at, id);
    create index on public.bench_floor (user_id);
    create unique index on public.bench_floor (stream_id) include (user_id) where is_host;
    create index on public.bench_floor (user_id, stream_id) where reminder_enabled;
    create index on public.bench_floor (stream_id) include (user_id) where reminder_enabled;
    grant select, insert, delete on public.bench_floor to authenticated;`);
  // for reference: the bare table (columns, primary key and unique constraint only)
  await admin.query(`create table public.bench_bare (
      id uuid primary key default gen_random_uuid(), stream_id uuid not null, user_id uuid not null,
      joined_at timestamptz default now(), is_host boolean default false, reminder_enabled boolean default false,
      created_at timestamptz default now(), unique (stream_id, user_id));
    grant select, insert, delete on public.bench_bare to authenticated;`);
  return { users, parties };
}

interface Variant {
  name: string;
  table: "stream_participants" | "bench_floor" | "bench_bare";
  hot: boolean;
}

interface Samples {
  joins: number[];
  leaves: number[];
  ms: number;
}

/** `rounds` rounds of one variant on every connection at once; `first` numbers the rounds so each slice moves on through the users and parties. */
async function runSlice(clients: pg.Client[], fx: Fixture, variant: Variant, first: number, rounds: number, into: Samples): Promise<void> {
  const perWorker = Math.floor(fx.users.length / CONNECTIONS);
  const insert = `insert into public.${variant.table} (stream_id, user_id) values ($1, $2)`;
  const remove = `delete from public.${variant.table} where stream_id = $1 and user_id = $2`;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, w) => {
      const mine = fx.users.slice(w * perWorker, (w + 1) * perWorker);
      for (let round = first; round < first + rounds; round++) {
        const batch = Array.from({ length: BATCH }, (_, i) => {
          const user = mine[(round * BATCH + i) % mine.length]!;
          const party = variant.hot ? fx.parties[0]! : fx.parties[(w * 7 + round * BATCH + i) % fx.parties.length]!;
          return { user, party };
        });
        for (const { user, party } of batch) {
          const t = performance.now();
          await asUserTx(client, user, insert, [party, user]);
          into.joins.push(performance.now() - t);
        }
        for (const { user, party } of batch) {
          const t = performance.now();
          await asUserTx(client, user, remove, [party, user]);
          into.leaves.push(performance.now() - t);
        }
      }
    }),
  );
  into.ms += performance.now() - started;
}

function toRow(variant: Variant, samples: Samples): Row {
  const j = summarize(samples.joins);
  const l = summarize(samples.leaves);
  return {
    variant: variant.name,
    "ops/s": Math.round((samples.joins.length + samples.leaves.length) / (samples.ms / 1000)),
    "join p50 ms": j.p50,
    "join p95 ms": j.p95,
    "leave p50 ms": l.p50,
    "leave p95 ms": l.p95,
  };
}

export async function benchDbWrites(url: string): Promise<{ rows: Row[]; ratios: Row; healthy: boolean }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const fx = await setup(admin);
    await admin.query("analyze");
    const variants: Variant[] = [
      { name: "bare table, 100 parties", table: "bench_bare", hot: false },
      { name: "floor, 100 parties", table: "bench_floor", hot: false },
      { name: "participants, 100 parties", table: "stream_participants", hot: false },
      { name: "floor, 1 hot party", table: "bench_floor", hot: true },
      { name: "participants, 1 hot party", table: "stream_participants", hot: true },
    ];
    // the variants take turns in slices on the same 16 connections, so that a slow spell of this
    // shared machine weighs on all of them alike; every connection has prepared every statement
    // (one warm-up round per variant) before anything is measured
    const clients = await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const samples = variants.map((): Samples => ({ joins: [], leaves: [], ms: 0 }));
    try {
      for (const v of variants) await runSlice(clients, fx, v, 0, 1, { joins: [], leaves: [], ms: 0 });
      for (let slice = 0; slice < SLICES; slice++) {
        for (const [i, v] of variants.entries())
          await runSlice(clients, fx, v, 1 + slice * ROUNDS_PER_SLICE, ROUNDS_PER_SLICE, samples[i]!);
      }
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const rows = variants.map((v, i) => toRow(v, samples[i]!));
    const n = (i: number, k: string) => Number(rows[i]![k]);
    const ratios: Row = {
      "join p50 vs floor (spread)": n(2, "join p50 ms") / n(1, "join p50 ms"),
      "join p95 vs floor (spread)": n(2, "join p95 ms") / n(1, "join p95 ms"),
      "join p50 vs bare table": n(2, "join p50 ms") / n(0, "join p50 ms"),
      "throughput vs floor (spread)": n(2, "ops/s") / n(1, "ops/s"),
      "throughput vs floor (hot)": n(4, "ops/s") / n(3, "ops/s"),
      "hot vs spread throughput": n(4, "ops/s") / n(2, "ops/s"),
    };
    const health = await admin.query("select * from public.stream_participants_health()");
    return { rows, ratios, healthy: health.rowCount === 0 };
  } finally {
    await admin.end();
  }
}
