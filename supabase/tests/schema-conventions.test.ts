import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";

// The Supabase practices docs/ARCHITECTURE.md asks every migration to follow, checked on the whole schema.
let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.close());

const rows = async <T extends Record<string, unknown>>(sql: string) => (await db.pool.query<T>(sql)).rows;

describe("schema conventions", () => {
  it("row level security is on for every table in public", async () => {
    expect(
      await rows(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity`),
    ).toEqual([]);
  });

  it("every policy names its role and none is open to anon", async () => {
    expect(
      await rows(`select tablename, policyname, roles::text from pg_policies
      where schemaname = 'public' and (roles = '{public}' or 'anon' = any (roles))`),
    ).toEqual([]);
  });

  it("policies call auth.uid() through (select auth.uid()), evaluated once per statement", async () => {
    const bare = (
      await rows<{ policyname: string; expr: string }>(`select policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') as expr
      from pg_policies where schemaname = 'public'`)
    ).filter((p) => /auth\.uid\(\)/.test(p.expr.replaceAll(/\(\s*select auth\.uid\(\) as uid\s*\)/gi, "")));
    expect(bare).toEqual([]);
  });

  it("every security definer function pins search_path to ''", async () => {
    expect(
      await rows(`select n.nspname || '.' || p.proname as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and p.prosecdef
        and not coalesce(p.proconfig, '{}') @> array['search_path=""']`),
    ).toEqual([]);
  });

  it("every view runs with the caller's rights (security_invoker), so RLS applies through it", async () => {
    expect(
      await rows(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'v' and not coalesce(c.reloptions, '{}') @> array['security_invoker=true']`),
    ).toEqual([]);
  });

  it("the membership helpers live in a schema PostgREST does not expose, out of anon's reach for writes", async () => {
    const helpers = await rows<{ proname: string }>(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'private' order by 1`,
    );
    expect(helpers.map((h) => h.proname)).toEqual([
      "accept_invitation",
      "broadcast_member_changed",
      "broadcast_notification",
      "broadcast_participant_changed",
      "broadcast_participant_joined",
      "broadcast_participant_left",
      "broadcast_party_changed",
      "broadcast_party_message",
      "broadcast_playback_changed",
      "caller_email",
      "caller_habitat_rank",
      "can_access_watch_party",
      "can_hear_topic",
      "can_moderate_watch_party",
      "check_scheduled_ahead",
      "dispatch_reminders",
      "display_name_refused_characters",
      "enforce_habitat_quota",
      "enforce_scheduled_ahead_quota",
      "enforce_watch_party_quotas",
      "guard_watch_party_change",
      "habitat_role_rank",
      "has_habitat_role",
      "invite_token_hash",
      "is_valid_display_name",
      "is_watch_party_host",
      "is_watch_party_participant",
      "keep_habitat_owner",
      "limit_party_message_rate",
      "lock_watch_party",
      "normalize_display_name",
      "normalize_profile_display_name",
      "own_email_invitation",
      "pass_on_habitat_ownership",
      "pause_abandoned_playback",
      "playback_json",
      "prepare_invitation",
      "prepare_party_message",
      "reschedule_participant_reminders",
      "reschedule_party_reminders",
      "sanitize_display_name",
      "schedule_reminders",
      "shares_habitat_with",
      "user_habitat_ids",
      "watch_party_quota_key",
    ]);
  });

  it("participants and parties stream through the supabase_realtime publication", async () => {
    expect(await rows(`select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by 1`)).toEqual([
      { tablename: "habitat_watch_parties" },
      { tablename: "stream_participants" },
    ]);
  });

  it("every table and view the API exposes has a comment", async () => {
    expect(
      await rows(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'v') and obj_description(c.oid, 'pg_class') is null`),
    ).toEqual([]);
  });

  it("nobody but the table owner may truncate, since truncate skips the triggers that keep counts", async () => {
    expect(
      await rows(`select table_name, grantee from information_schema.table_privileges
      where table_schema = 'public' and privilege_type = 'TRUNCATE' and grantee in ('anon', 'authenticated', 'service_role')`),
    ).toEqual([]);
  });
});
