-- A join or a leave reaches the party's room once.
--
-- Since 20260114 every change of a party's row went to its habitat's dashboards and to its room,
-- the participant count the join and leave triggers keep included. The room hears the join or the
-- leave itself (participant_joined, participant_left) and counts its own list, so the row that
-- followed told it nothing: every subscriber of the room received two messages per join or leave,
-- and Realtime counts each delivery against the project's events per second (100 by default on
-- hosted and locally), so a room of 100 members used 200 of them per join. Now the room hears the
-- join or leave only; the party's row still reaches it when anything but the count changes (title,
-- description, times, status, media) and when the party is deleted. The habitat's dashboards still
-- hear every change of the row, the count included: they have no other way to hear it. Each join
-- and leave writes one realtime.messages row fewer (two instead of three).
--
-- Rollback: supabase/rollbacks/20260119000000_rooms_hear_joins_once.sql restores the function as
-- 20260114 made it.

-- a party created, changed (count, status, schedule, media) or deleted: its row, as
-- realtime.broadcast_changes shapes it, to the habitat's dashboards; to the room, its deletion and
-- any change but the count's
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
  if tg_op = 'DELETE'
    or (tg_op = 'UPDATE' and to_jsonb(new) - 'participant_count' is distinct from to_jsonb(old) - 'participant_count') then
    perform realtime.broadcast_changes(
      'party:' || party.id, 'party_changed', tg_op, tg_table_name, tg_table_schema, new, old
    );
  end if;
  return null;
end
$$;
