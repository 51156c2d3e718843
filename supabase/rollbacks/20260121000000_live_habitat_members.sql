-- Rolls back supabase/migrations/20260121000000_live_habitat_members.sql: membership changes are
-- no longer broadcast to habitat:<habitatId> (open habitat pages show them on their next load).
-- Then delete its row from supabase_migrations.schema_migrations. Safe to run twice.
drop trigger if exists habitat_members_broadcast on public.habitat_members;
drop function if exists private.broadcast_member_changed();
