-- Joining costs less, with the same rules.
--
-- "Join streams" checked membership with a function call, but the insert trigger already checks
-- it, before the policy runs and under a lock on the membership row (a member removed meanwhile
-- makes the join fail rather than linger). The policy keeps what only it can say: users join as
-- themselves.
alter policy "Join streams" on public.stream_participants
  with check (user_id = (select auth.uid()));

-- The trigger finds the membership through the party in one statement (it looked the party up
-- twice); the party's row lock is still taken after the membership's, as before.
create or replace function public.assign_stream_host()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  party_status text;
begin
  -- the membership row first (a member removed meanwhile makes this join fail, never linger)
  perform 1
    from public.habitat_watch_parties p
    join public.habitat_members m on m.habitat_id = p.habitat_id
    where p.id = new.stream_id and m.user_id = new.user_id
    for key share of m;
  if not found then
    if not exists (select 1 from public.habitat_watch_parties where id = new.stream_id) then
      raise exception 'watch party % does not exist', new.stream_id using errcode = 'foreign_key_violation';
    end if;
    raise exception 'only members of this habitat can join its watch parties' using errcode = 'insufficient_privilege';
  end if;
  select status into party_status from public.habitat_watch_parties where id = new.stream_id for no key update;
  if party_status in ('ended', 'cancelled') then
    raise exception 'this watch party has %', party_status using errcode = 'check_violation';
  end if;
  new.joined_at := clock_timestamp();
  new.is_host := not exists (
    select 1 from public.stream_participants where stream_id = new.stream_id and is_host
  );
  return new;
end
$$;
