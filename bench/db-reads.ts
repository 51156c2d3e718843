// Reads with RLS at scale: a habitat of 10,000 members with 1,000 parties, one of them with
// 1,000 participants, among nine other habitats' 9,000 parties. Each query runs as a member and as
// service_role (and the small reads with their rules as joins); time in the database is EXPLAIN
// ANALYZE's execution time, and the index use is read from every plan executed.
import pg from "pg";
import { capturePlans } from "../supabase/tests/helpers/plans";
import { summarize, type Row, type Summary } from "./lib/stats";

const MEMBERS = 10_000;
const PARTIES = 1_000;
const PARTICIPANTS = 1_000;
const RUNS = 200;

async function setup(admin: pg.Client): Promise<{ member: string; party: string; habitat: string }> {
  await admin.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated', 'r' || lpad(i::text, 5, '0') || '@example.com', jsonb_build_object('display_name', 'Reader ' || i), now(), now()
    from generate_series(1, ${MEMBERS}) i`);
  const users = (await admin.query<{ id: string }>("select id from auth.users order by email")).rows.map((r) => r.id);
  const habitat = (
    await admin.query<{ id: string }>("insert into public.habitats (name, created_by) values ('Big habitat', $1) returning id", [users[0]])
  ).rows[0]!.id;
  await admin.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing", [
    habitat,
    users,
  ]);
  // nine habitats the member is not in, with as many parties each, so RLS has something to hide
  await admin.query("insert into public.habitats (name, created_by) select 'Elsewhere ' || i, null from generate_series(1, 9) i");
  await admin.query(`insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
    select h.id, 'Party ' || g, now() + make_interval(mins => g) from generate_series(1, ${PARTIES}) g, public.habitats h`);
  const party = (
    await admin.query<{ id: string }>(
      "select id from public.habitat_watch_parties where habitat_id = $1 order by scheduled_start limit 1",
      [habitat],
    )
  ).rows[0]!.id;
  // 1,000 joins through the triggers, in one statement
  await admin.query("insert into public.stream_participants (stream_id, user_id) select $1, unnest($2::uuid[])", [
    party,
    users.slice(0, PARTICIPANTS),
  ]);
  return { member: users[PARTICIPANTS - 1]!, party, habitat };
}

// The views' rows with the rules their policies enforce written as joins in one statement, run
// without RLS: the caller in the party's habitat, the host's name only for a co-member. It is the
// least the rules can cost, the fair floor for a member's read: service_role skips the rules and,
// on the dashboard, reads other habitats' parties that a member's query has to pass over.
const RULES_AS_JOINS = `from public.habitat_watch_parties wp
  join public.habitat_members mine on mine.habitat_id = wp.habitat_id and mine.user_id = (select auth.uid())
  left join public.stream_participants host on host.stream_id = wp.id and host.is_host
  left join public.habitat_members theirs on theirs.habitat_id = wp.habitat_id and theirs.user_id = host.user_id
  left join public.profiles host_profile on host_profile.id = theirs.user_id
  left join public.stream_participants me on me.stream_id = wp.id and me.user_id = (select auth.uid())`;
const PARTY_COLUMNS = `wp.id, wp.habitat_id, wp.title, wp.description, wp.scheduled_start, wp.scheduled_end, wp.status,
  wp.created_by, wp.created_at, wp.participant_count, wp.media_url, wp.media_provider, wp.thumbnail_url,
  host.user_id as host_user_id, host_profile.display_name as host_display_name, me.id is not null as is_user_participant,
  coalesce(me.is_host, false) as is_user_host, coalesce(me.reminder_enabled, false) as user_reminder_enabled`;

interface Query {
  name: string;
  sql: string;
  /** the same rows with the rules as joins, where a member's read and service_role's differ in work */
  rules?: string;
  params: (f: { party: string; habitat: string }) => unknown[];
}

const QUERIES: Query[] = [
  { name: "get_stream_participants (1,000 rows)", sql: "select * from public.get_stream_participants($1)", params: (f) => [f.party] },
  {
    name: "streams_with_participants, one habitat (1,000 rows)",
    sql: "select * from public.streams_with_participants where habitat_id = $1 order by scheduled_start",
    params: (f) => [f.habitat],
  },
  {
    name: "streams_with_participants, one party",
    sql: "select * from public.streams_with_participants where id = $1",
    rules: `select ${PARTY_COLUMNS}, me.joined_at as user_joined_at ${RULES_AS_JOINS} where wp.id = $1`,
    params: (f) => [f.party],
  },
  {
    name: "upcoming_watch_parties, first 50",
    sql: "select * from public.upcoming_watch_parties limit 50",
    rules: `select ${PARTY_COLUMNS}, h.name as habitat_name ${RULES_AS_JOINS} join public.habitats h on h.id = wp.habitat_id
      where wp.status::text in ('scheduled', 'live') and coalesce(wp.scheduled_end, wp.scheduled_start + interval '4 hours') > now()
      order by wp.scheduled_start limit 50`,
    params: () => [],
  },
];

type Caller = "member" | "service_role" | "rules as joins";

async function setCaller(client: pg.Client, caller: Caller, member: string): Promise<void> {
  // the rules as joins run without RLS, as service_role, but know who the member is
  const role = caller === "member" ? "authenticated" : "service_role";
  const claims = caller === "service_role" ? { role } : { sub: member, role, aud: "authenticated" };
  await client.query("select set_config('role', $1, false), set_config('request.jwt.claims', $2, false)", [role, JSON.stringify(claims)]);
}

async function timeInDatabase(client: pg.Client, sql: string, params: unknown[], runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { rows } = await client.query<{ "QUERY PLAN": Array<{ "Execution Time": number }> }>(
      `explain (analyze, timing off, format json) ${sql}`,
      params,
    );
    samples.push(rows[0]!["QUERY PLAN"][0]!["Execution Time"]);
  }
  return samples;
}

/** Runs `work` on a new connection set up as `caller`. */
async function asCaller<T>(url: string, caller: Caller, member: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await setCaller(client, caller, member);
    return await work(client);
  } finally {
    await client.end();
  }
}

function timeAs(url: string, caller: Caller, member: string, sql: string, params: unknown[], runs = RUNS): Promise<Summary> {
  return asCaller(url, caller, member, async (client) => {
    await timeInDatabase(client, sql, params, runs); // warm the caches and the plan
    return summarize(await timeInDatabase(client, sql, params, runs));
  });
}

/** The rules as joins are a floor only if they return what the member's read returns. */
async function assertSameRows(url: string, member: string, sql: string, rules: string, params: unknown[]): Promise<void> {
  const read = (caller: Caller, text: string) =>
    asCaller(url, caller, member, async (client) => {
      const { rows } = await client.query<Record<string, unknown>>(text, params);
      // the same columns, whatever their order
      return rows.map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => [k, row[k]]),
        ),
      );
    });
  const [expected, actual] = [await read("member", sql), await read("rules as joins", rules)];
  if (expected.length === 0 || JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`db-reads: the rules as joins return other rows than the member's read (${actual.length} and ${expected.length} rows)`);
  }
}

// How fast this machine runs Postgres, to carry the figures to another machine: a million-row count
// needs no table, index or RLS, so its time is the CPU's alone.
const REFERENCE = "select count(*) from generate_series(1, 1000000)";

export async function benchDbReads(url: string): Promise<{ rows: Row[]; plans: Row[]; reference: Row }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const fixture = await setup(admin);
  await admin.query("analyze");
  await admin.end();

  const rows: Row[] = [];
  const plans: Row[] = [];
  for (const q of QUERIES) {
    const params = q.params(fixture);
    const member = await timeAs(url, "member", fixture.member, q.sql, params);
    const service = await timeAs(url, "service_role", fixture.member, q.sql, params);
    let rules: Summary | undefined;
    if (q.rules) {
      await assertSameRows(url, fixture.member, q.sql, q.rules, params);
      rules = await timeAs(url, "rules as joins", fixture.member, q.rules, params);
    }
    rows.push({
      query: q.name,
      "member p50 ms": member.p50,
      "member p95 ms": member.p95,
      "service p95 ms": service.p95,
      "member/service p95": member.p95 / service.p95,
      "rules as joins p95 ms": rules ? rules.p95 : "-",
      "member/rules p95": rules ? member.p95 / rules.p95 : "-",
    });
    // the plans the member's query executes, nested ones included
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("reset role");
    const scans = await capturePlans(client, async () => {
      await client.query("begin");
      await setCaller(client, "member", fixture.member);
      await client.query(q.sql, params);
      await client.query("rollback");
    });
    await client.end();
    const seq = scans.scans.filter((s) => s.startsWith("Seq Scan"));
    plans.push({ query: q.name, indexes: [...scans.indexes].sort().join(", "), "seq scans": seq.length ? seq.join(", ") : "none" });
  }
  const machine = await timeAs(url, "service_role", fixture.member, REFERENCE, [], 10);
  return { rows, plans, reference: { query: REFERENCE, "p50 ms": machine.p50, "p95 ms": machine.p95 } };
}
