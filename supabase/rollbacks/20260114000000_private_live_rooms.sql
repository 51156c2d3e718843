-- Rolls back supabase/migrations/20260114000000_private_live_rooms.sql: the live rooms go back to
-- having no policies on realtime.messages (every private join refused) and no broadcasts from the
-- database. Then delete its row from supabase_migrations.schema_migrations.
drop trigger if exists habitat_watch_parties_broadcast on public.habitat_watch_parties;
drop trigger if exists stream_participants_broadcast_change on public.stream_participants;
drop trigger if exists stream_participants_broadcast_leave on public.stream_participants;
drop trigger if exists stream_participants_broadcast_join on public.stream_participants;
drop function if exists private.broadcast_party_changed();
drop function if exists private.broadcast_participant_changed();
drop function if exists private.broadcast_participant_left();
drop function if exists private.broadcast_participant_joined();
drop policy if exists "members are present in their party rooms" on realtime.messages;
drop policy if exists "members hear their live rooms" on realtime.messages;
drop function if exists private.can_hear_topic(text);
drop function if exists public.get_habitat_members(uuid);
