-- Rolls back supabase/migrations/20260119000000_rooms_hear_joins_once.sql: the party's row goes to
-- its room on every change again, the count's included (as 20260114 made it). Nothing is lost.
-- Then delete its row from supabase_migrations.schema_migrations. Safe to run twice.

-- a party created, changed (count, status, schedule, media) or deleted: its row, as
-- realtime.broadcast_changes shapes it, to the habitat's dashboard and (but a creation) the room
create or replace function private.broadcast_party_changed()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  party public.habitat_watch_parties := coalesce(new, old);
begin
  if tg_op = 'UPDATE' and new is not distinct from old then
    return null;
  end if;
  perform realtime.broadcast_changes(
    'habitat:' || party.habitat_id, 'party_changed', tg_op, tg_table_name, tg_table_schema, new, old
  );
  if tg_op <> 'INSERT' then
    perform realtime.broadcast_changes(
      'party:' || party.id, 'party_changed', tg_op, tg_table_name, tg_table_schema, new, old
    );
  end if;
  return null;
end
$$;
