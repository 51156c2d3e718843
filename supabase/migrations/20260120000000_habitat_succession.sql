-- A habitat keeps an owner when its last owner's account is deleted.
--
-- An owner cannot leave or be demoted while they are the habitat's only owner (20260115,
-- keep_habitat_owner), but an account that is deleted (by its user, or by an administrator with
-- auth's admin API or the dashboard) takes its memberships with it, and a habitat whose only owner
-- it was stayed with nobody able to invite, change roles, edit its settings or delete it. Now the
-- role passes on in the same transaction: to the moderator who joined first, else to the member
-- who joined first. A habitat nobody belongs to any more is deleted with its parties (nobody could
-- ever see it again). Concurrent deletions of a habitat's owners are serialised by the advisory
-- lock keep_habitat_owner already takes per habitat, so exactly one successor is chosen.
--
-- Rollback: supabase/rollbacks/20260120000000_habitat_succession.sql drops the trigger and its
-- function; owners chosen meanwhile stay owners.

-- trigger: after an owner's membership went with their deleted account, the habitat's next owner
-- (the earliest moderator, else the earliest member), or the habitat's deletion when nobody is left
create function private.pass_on_habitat_ownership()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  successor uuid;
begin
  -- only an account's deletion: leaving and demotion are refused to a last owner before this runs
  if exists (select 1 from auth.users where id = old.user_id) then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('habitat owners ' || old.habitat_id::text, 0));
  if not exists (select 1 from public.habitats where id = old.habitat_id)
     or exists (select 1 from public.habitat_members where habitat_id = old.habitat_id and role = 'owner') then
    return null;
  end if;
  select m.user_id into successor
  from public.habitat_members m
  where m.habitat_id = old.habitat_id
  order by m.role = 'moderator' desc, m.joined_at, m.user_id
  limit 1;
  if successor is null then
    delete from public.habitats where id = old.habitat_id;
  else
    update public.habitat_members set role = 'owner' where habitat_id = old.habitat_id and user_id = successor;
  end if;
  return null;
end
$$;

comment on function private.pass_on_habitat_ownership() is
  'Trigger: when a deleted account was a habitat''s last owner, the earliest moderator (else member) becomes owner; an empty habitat is deleted.';

create trigger habitat_members_pass_on_ownership
  after delete on public.habitat_members
  for each row when (old.role = 'owner')
  execute function private.pass_on_habitat_ownership();
