-- A member who leaves (or is removed from) a habitat stops participating in its watch parties, so
-- "participants are members" holds after every transaction.

-- after a membership ends: removes the user from the habitat's parties, locking those parties
-- first (in a fixed order) like every other change to participants
create function public.remove_departed_member_participation()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform 1
    from public.habitat_watch_parties wp
    where wp.habitat_id = old.habitat_id
      and exists (select 1 from public.stream_participants sp where sp.stream_id = wp.id and sp.user_id = old.user_id)
    order by wp.id
    for no key update of wp;
  delete from public.stream_participants sp
    using public.habitat_watch_parties wp
    where wp.id = sp.stream_id and wp.habitat_id = old.habitat_id and sp.user_id = old.user_id;
  return null;
end
$$;
comment on function public.remove_departed_member_participation() is 'Trigger: a user who leaves a habitat leaves its watch parties.';
revoke all on function public.remove_departed_member_participation() from public, anon, authenticated, service_role;

create trigger habitat_members_remove_participation
  after delete on public.habitat_members
  for each row execute function public.remove_departed_member_participation();
