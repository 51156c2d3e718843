// Reads with RLS at scale: a habitat of 10,000 members with 1,000 parties, one of them with
// 1,000 participants, among nine other habitats' 9,000 parties. Each query runs as a member and as service_role; time in the database is
// EXPLAIN ANALYZE's execution time, and the index use is read from every plan executed.
import pg from "pg";
import { capturePlans } from "../supabase/tests/helpers/plans";
import { summarize, type Row } from "./lib/stats";

const MEMBERS = 10_000;
const PARTIES = 1_000;
const PARTICIPANTS = 1_000;
const RUNS = 200;

async function setup(admin: pg.Client): Promise<{ member: string; party: string; habitat: string }> {
  await admin.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'r' || lpad(i::text, 5, '0') || '@example.com', jsonb_build_object('display_name', 'Reader ' || i), now(), now()
    from generate_series(1, ${MEMBERS}) i`);
  const users = (await admin.query<{ id: string }>("select id from auth.users order by email")).rows.map((r) => r.id);
  const habitat = (await admin.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Big habitat', $1) returning id", [users[0]])).rows[0]!.id;
  await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [habitat, users]);
  // nine habitats the member is not in, with as many parties each, so RLS has something to hide
  await admin.query("insert into public.habitats (name, created_by) select 'Elsewhere ' || i, null from generate_series(1, 9) i");
  await admin.query(`insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
    select h.id, 'Party ' || g, now() + make_interval(mins => g) from generate_series(1, ${PARTIES}) g, public.habitats h`);
  const party = (await admin.query<{ id: string }>("select id from public.habitat_watch_parties where habitat_id = $1 order by scheduled_start limit 1", [habitat])).rows[0]!.id;
  // 1,000 joins through the triggers, in one statement
  await admin.query("insert into public.stream_participants (stream_id, user_id) select $1, unnest($2::uuid[])", [party, users.slice(0, PARTICIPANTS)]);
  return { member: users[PARTICIPANTS - 1]!, party, habitat };
}

const QUERIES: Array<{ name: string; sql: string; params: (f: { party: string; habitat: string }) => unknown[] }> = [
  { name: "get_stream_participants (1,000 rows)", sql: "select * from public.get_stream_participants($1)", params: (f) => [f.party] },
  { name: "streams_with_participants, one habitat (1,000 rows)", sql: "select * from public.streams_with_participants where habitat_id = $1 order by scheduled_start", params: (f) => [f.habitat] },
  { name: "streams_with_participants, one party", sql: "select * from public.streams_with_participants where id = $1", params: (f) => [f.party] },
  { name: "upcoming_watch_parties, first 50", sql: "select * from public.upcoming_watch_parties limit 50", params: () => [] },
];

async function setCaller(client: pg.Client, caller: "member" | "service_role", member: string): Promise<void> {
  const claims = caller === "member" ? { sub: member, role: "authenticated", aud: "authenticated" } : { role: "service_role" };
  await client.query("select set_config('role', $1, false), set_config('request.jwt.claims', $2, false)", [caller === "member" ? "authenticated" : "service_role", JSON.stringify(claims)]);
}

async function timeInDatabase(client: pg.Client, sql: string, params: unknown[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { rows } = await client.query<{ "QUERY PLAN": Array<{ "Execution Time": number }> }>(`explain (analyze, timing off, format json) ${sql}`, params);
    samples.push(rows[0]!["QUERY PLAN"][0]!["Execution Time"]);
  }
  return samples;
}

export async function benchDbReads(url: string): Promise<{ rows: Row[]; plans: Row[] }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const fixture = await setup(admin);
  await admin.query("analyze");
  await admin.end();

  const rows: Row[] = [];
  const plans: Row[] = [];
  for (const q of QUERIES) {
    const times: Record<string, ReturnType<typeof summarize>> = {};
    for (const caller of ["member", "service_role"] as const) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await setCaller(client, caller, fixture.member);
      const params = q.params(fixture);
      await timeInDatabase(client, q.sql, params); // warm the caches and the plan
      times[caller] = summarize(await timeInDatabase(client, q.sql, params));
      await client.end();
    }
    rows.push({
      query: q.name,
      "member p50 ms": times.member!.p50,
      "member p95 ms": times.member!.p95,
      "service p95 ms": times.service_role!.p95,
      "member/service p95": times.member!.p95 / times.service_role!.p95,
    });
    // the plans the member's query executes, nested ones included
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("reset role");
    const scans = await capturePlans(client, async () => {
      await client.query("begin");
      await setCaller(client, "member", fixture.member);
      await client.query(q.sql, q.params(fixture));
      await client.query("rollback");
    });
    await client.end();
    const seq = scans.scans.filter((s) => s.startsWith("Seq Scan"));
    plans.push({ query: q.name, indexes: [...scans.indexes].sort().join(", "), "seq scans": seq.length ? seq.join(", ") : "none" });
  }
  return { rows, plans };
}
