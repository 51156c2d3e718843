-- A habitat's page follows its members as they change.
--
-- The habitat's private topic habitat:<habitatId> (20260114: only its members hear it) carried its
-- parties' changes for the dashboard. A member who joins (an accepted invitation or link), leaves,
-- is removed or changes role is now broadcast there too as `member_changed`, so an open habitat page
-- shows the members and roles the database holds without a reload, and a member who is removed
-- sees it at once. The payload names the member and the role only; names come from what the page
-- reads. A habitat's deletion takes its memberships with it silently: nobody can hear its topic
-- any more.
--
-- Rollback: supabase/rollbacks/20260121000000_live_habitat_members.sql drops the trigger and its
-- function.

-- trigger: a membership added, changed in role, or ended, to the habitat's private topic
create function private.broadcast_member_changed()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  member public.habitat_members := coalesce(new, old);
begin
  if tg_op = 'UPDATE' and new.role is not distinct from old.role then
    return null;
  end if;
  -- the habitat itself being deleted: its topic has nobody left to hear it
  if tg_op = 'DELETE' and not exists (select 1 from public.habitats where id = old.habitat_id) then
    return null;
  end if;
  perform realtime.send(
    jsonb_build_object(
      'habitatId', member.habitat_id,
      'userId', member.user_id,
      'role', case when tg_op = 'DELETE' then null else new.role end,
      'operation', tg_op
    ),
    'member_changed',
    'habitat:' || member.habitat_id
  );
  return null;
end
$$;

create trigger habitat_members_broadcast
  after insert or update of role or delete on public.habitat_members
  for each row execute function private.broadcast_member_changed();
