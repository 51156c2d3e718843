import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, asUser, freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { capturePlans, type ScanSummary } from "./helpers/plans";

// A database big enough that the planner prefers a sequential scan wherever no index serves:
// 5,000 users in 1,000 habitats (two habitats each), 10,000 parties, 100,000 participations.
let db: TestDatabase;
let member: string;
let party: string;

const TABLES = ["stream_participants", "habitat_watch_parties", "habitat_members", "habitats", "profiles", "habitat_invitations"];

beforeAll(async () => {
  db = await freshDatabase();
  const c = await db.pool.connect();
  try {
    await c.query("begin");
    await c.query(`insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
      select gen_random_uuid(), 'authenticated', 'authenticated', 'u' || i || '@example.com', jsonb_build_object('display_name', 'User ' || i), now(), now()
      from generate_series(1, 5000) i`);
    await c.query(`insert into public.habitats (name, created_by) select 'Habitat ' || i, null from generate_series(1, 1000) i`);
    await c.query(`insert into public.habitat_members (habitat_id, user_id, role)
      select distinct h.id, u.id, 'member'
      from (select id, row_number() over (order by id) - 1 as n from public.habitats) h
      join (select id, row_number() over (order by id) as n from auth.users) u on h.n in (u.n % 1000, (u.n * 7) % 1000)`);
    await c.query(`insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
      select h.id, 'Party ' || g, now() + make_interval(hours => g) from public.habitats h, generate_series(1, 10) g`);
    // participations bypass the triggers for speed; counts and hosts are set right after
    await c.query("set local session_replication_role = replica");
    await c.query(`insert into public.stream_participants (stream_id, user_id, joined_at)
      select p.id, m.user_id, now() - random() * interval '1 day'
      from public.habitat_watch_parties p join public.habitat_members m on m.habitat_id = p.habitat_id`);
    await c.query(`update public.stream_participants sp set is_host = true
      where id in (select distinct on (stream_id) id from public.stream_participants order by stream_id, joined_at, id)`);
    await c.query(
      `update public.habitat_watch_parties p set participant_count = (select count(*) from public.stream_participants where stream_id = p.id)`,
    );
    await c.query("commit");
    await c.query("analyze");
    member = (await c.query("select user_id from public.habitat_members limit 1")).rows[0].user_id;
    party = (
      await c.query(
        `select p.id from public.habitat_watch_parties p join public.habitat_members m on m.habitat_id = p.habitat_id
      where m.user_id = $1 and p.participant_count > 0 limit 1`,
        [member],
      )
    ).rows[0].id;
  } finally {
    c.release();
  }
}, 120_000);
afterAll(async () => db.close());

async function plansOf(sql: string, params: unknown[] = []): Promise<ScanSummary> {
  const client = await db.pool.connect();
  try {
    return await capturePlans(client, () => as(client, asUser(member), (c) => c.query(sql, params)));
  } finally {
    client.release();
  }
}

const seqScansOnAppTables = (s: ScanSummary) =>
  s.scans.filter((scan) => scan.startsWith("Seq Scan") && TABLES.some((t) => scan.endsWith(` on ${t}`)));

describe("every policy predicate and main read path is backed by an index", () => {
  it("the membership helper behind every policy reads habitat_members by user", async () => {
    const s = await plansOf("select * from public.habitat_watch_parties where habitat_id in (select private.user_habitat_ids())");
    expect([...s.indexes], s.scans.join("\n")).toContain("habitat_members_user_id_idx");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("a party's participants in join order (the room's list)", async () => {
    const s = await plansOf("select * from public.stream_participants where stream_id = $1 order by joined_at, id", [party]);
    expect([...s.indexes], s.scans.join("\n")).toContain("idx_stream_participants_stream_id");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("get_stream_participants", async () => {
    const s = await plansOf("select * from public.get_stream_participants($1)", [party]);
    expect([...s.indexes], s.scans.join("\n")).toContain("idx_stream_participants_stream_id");
    expect([...s.indexes], s.scans.join("\n")).toContain("profiles_pkey");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("streams_with_participants for one party", async () => {
    const s = await plansOf("select * from public.streams_with_participants where id = $1", [party]);
    expect([...s.indexes], s.scans.join("\n")).toContain("unique_stream_participant");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("upcoming_watch_parties for the dashboard", async () => {
    const s = await plansOf("select * from public.upcoming_watch_parties limit 20");
    expect([...s.indexes], s.scans.join("\n")).toContain("habitat_watch_parties_habitat_start_idx");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("a user's own participations (the dashboard's 'going' list)", async () => {
    const s = await plansOf("select stream_id from public.stream_participants where user_id = $1", [member]);
    expect([...s.indexes], s.scans.join("\n")).toContain("idx_stream_participants_user_id");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("joining, leaving and handing over touch only indexed rows", async () => {
    // a new member of the party's habitat, who is in no party yet
    const newcomer = (
      await db.pool.query(`insert into auth.users (id, aud, role, email, created_at, updated_at)
      values (gen_random_uuid(), 'authenticated', 'authenticated', 'newcomer@example.com', now(), now()) returning id`)
    ).rows[0].id;
    await db.pool.query(
      `insert into public.habitat_members (habitat_id, user_id)
      select habitat_id, $2 from public.habitat_watch_parties where id = $1`,
      [party, newcomer],
    );
    const client = await db.pool.connect();
    try {
      const s = await capturePlans(client, async () => {
        await client.query("begin");
        try {
          await client.query("set local role authenticated");
          await client.query("select set_config('request.jwt.claims', $1, true)", [
            JSON.stringify({ sub: newcomer, role: "authenticated" }),
          ]);
          await client.query("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [party, newcomer]);
          await client.query("delete from public.stream_participants where stream_id = $1 and user_id = $2", [party, newcomer]);
        } finally {
          await client.query("rollback");
        }
      });
      expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
    } finally {
      client.release();
    }
  });
});

describe("the invitations' read paths are backed by an index", () => {
  let habitat: string;
  let token: string;

  // 20 invitations per habitat (one of them addressed to the member, one a link), the member's
  // address confirmed
  beforeAll(async () => {
    token = randomBytes(24).toString("base64url");
    await db.pool.query("update auth.users set email_confirmed_at = now() where id = $1", [member]);
    habitat = (await db.pool.query("select habitat_id from public.habitat_members where user_id = $1 limit 1", [member])).rows[0]
      .habitat_id;
    await db.pool.query(`insert into public.habitat_invitations (habitat_id, kind, email)
      select h.id, 'email', 'guest' || g || '-' || h.n || '@example.com'
      from (select id, row_number() over (order by id) as n from public.habitats) h, generate_series(1, 18) g`);
    await db.pool.query(`insert into public.habitat_invitations (habitat_id, kind, token_hash)
      select id, 'link', extensions.digest(id::text, 'sha256') from public.habitats`);
    await db.pool.query(
      `insert into public.habitat_invitations (habitat_id, kind, email)
      select h.id, 'email', u.email from public.habitats h, auth.users u where u.id = $1 and h.id <> $2 limit 3`,
      [member, habitat],
    );
    await db.pool.query(
      "insert into public.habitat_invitations (habitat_id, kind, token_hash) values ($1, 'link', extensions.digest($2, 'sha256'))",
      [habitat, token],
    );
    await db.pool.query("analyze public.habitat_invitations");
  });

  it("a habitat's invitations (the owners' and moderators' list)", async () => {
    const s = await plansOf("select id, kind, email from public.habitat_invitations where habitat_id = $1 order by created_at", [habitat]);
    expect([...s.indexes], s.scans.join("\n")).toContain("habitat_invitations_habitat_idx");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("the invitations addressed to the caller (the dashboard)", async () => {
    const s = await plansOf("select * from public.get_my_habitat_invitations()");
    expect([...s.indexes], s.scans.join("\n")).toContain("habitat_invitations_pending_email_key");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });

  it("an invite link by its token's hash (the invitation page and accepting)", async () => {
    const s = await plansOf("select * from public.get_habitat_invite_link($1)", [token]);
    expect([...s.indexes], s.scans.join("\n")).toContain("habitat_invitations_token_hash_key");
    expect(seqScansOnAppTables(s), s.scans.join("\n")).toEqual([]);
  });
});

describe("indexes", () => {
  it("no index on the application tables duplicates another or is a prefix of another", async () => {
    const { rows } = await db.pool.query<{ table: string; name: string; keys: string; predicate: string | null; unique: boolean }>(`
      select c.relname as table, i.relname as name, x.indkey::text as keys, pg_get_expr(x.indpred, x.indrelid) as predicate, x.indisunique as unique
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public'`);
    const redundant: string[] = [];
    for (const a of rows) {
      for (const b of rows) {
        if (a === b || a.table !== b.table || a.predicate !== b.predicate) continue;
        // a is redundant when b's keys start with all of a's (unique indexes earn their place)
        const aKeys = a.keys.split(" ");
        const bKeys = b.keys.split(" ");
        if (!a.unique && aKeys.length <= bKeys.length && aKeys.every((k, i) => bKeys[i] === k)) redundant.push(`${a.name} ⊆ ${b.name}`);
      }
    }
    expect(redundant).toEqual([]);
  });

  it("every foreign key column leads an index (cascades never scan a table)", async () => {
    const { rows } = await db.pool.query<{ fk: string }>(`
      select c.conrelid::regclass || '.' || c.conname as fk
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey::int2[]
        )`);
    expect(rows).toEqual([]);
  });
});
