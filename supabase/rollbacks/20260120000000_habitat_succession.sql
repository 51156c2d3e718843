-- Rolls back supabase/migrations/20260120000000_habitat_succession.sql: a deleted account's
-- habitats no longer pass to another member (owners chosen meanwhile stay owners). Then delete its
-- row from supabase_migrations.schema_migrations. Safe to run twice.
drop trigger if exists habitat_members_pass_on_ownership on public.habitat_members;
drop function if exists private.pass_on_habitat_ownership();
