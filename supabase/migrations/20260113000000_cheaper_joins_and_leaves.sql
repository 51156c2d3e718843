-- Joining and leaving cost less, with the same rules (measured with `npm run bench -- db-writes`,
-- see docs/BENCHMARKS.md).
--
-- 1. Every join and leave updates its party's participant_count, and Postgres checks every CHECK
--    constraint of a table on every update of a row, preparing each one again from its stored
--    form for each statement: eight constraints, about 85 µs of a 125 µs count update. The rules
--    of the party's text columns become domains, which Postgres checks when a value is assigned
--    to the column (so on every insert, and on an update that sets it) and caches per session.
--    The count update is left with the two checks that concern it.
-- 2. The host handover trigger fires only when the host leaves.
-- 3. The join trigger takes the membership's lock and the party's lock in one statement.
-- 4. Participants see their own participation without the habitat lookup: a participant is a
--    member of the party's habitat (a member who leaves a habitat leaves its parties in the same
--    transaction), so the rule is the same, and a leave no longer computes the caller's habitats.

-- ============================================================================================
-- domains
-- ============================================================================================

-- a party's title: 1 to 200 characters besides surrounding blanks
create domain public.watch_party_title as text
  check (char_length(btrim(value)) between 1 and 200);
-- a party's description: at most 5,000 characters
create domain public.watch_party_description as text
  check (value is null or char_length(value) <= 5000);
-- where a party is in its life
create domain public.watch_party_status as text
  check (value in ('scheduled', 'live', 'ended', 'cancelled'));
-- a link to media or a thumbnail: http(s), at most 2,048 characters
create domain public.media_link as text
  check (value is null or (value ~ '^https?://' and char_length(value) <= 2048));
-- where the media is hosted
create domain public.media_provider as text
  check (value is null or value in ('youtube', 'vimeo', 'twitch', 'direct', 'other'));

-- ============================================================================================
-- the party's columns take the domains (the views that read them are rebuilt unchanged)
-- ============================================================================================

drop view public.upcoming_watch_parties;
drop view public.streams_with_participants;

alter table public.habitat_watch_parties
  drop constraint habitat_watch_parties_title_check,
  drop constraint habitat_watch_parties_description_check,
  drop constraint habitat_watch_parties_status_check,
  drop constraint habitat_watch_parties_media_url_check,
  drop constraint habitat_watch_parties_media_provider_check,
  drop constraint habitat_watch_parties_thumbnail_url_check,
  alter column title type public.watch_party_title,
  alter column description type public.watch_party_description,
  alter column status type public.watch_party_status,
  alter column media_url type public.media_link,
  alter column media_provider type public.media_provider,
  alter column thumbnail_url type public.media_link;

-- every party of the caller's habitats with its host and the caller's own participation
create view public.streams_with_participants with (security_invoker = true) as
select
  wp.id,
  wp.habitat_id,
  wp.title,
  wp.description,
  wp.scheduled_start,
  wp.scheduled_end,
  wp.status,
  wp.created_by,
  wp.created_at,
  wp.participant_count,
  wp.media_url,
  wp.media_provider,
  wp.thumbnail_url,
  host.user_id as host_user_id,
  host_profile.display_name as host_display_name,
  me.id is not null as is_user_participant,
  coalesce(me.is_host, false) as is_user_host,
  coalesce(me.reminder_enabled, false) as user_reminder_enabled,
  me.joined_at as user_joined_at
from public.habitat_watch_parties wp
left join public.stream_participants host on host.stream_id = wp.id and host.is_host
left join public.profiles host_profile on host_profile.id = host.user_id
left join public.stream_participants me on me.stream_id = wp.id and me.user_id = (select auth.uid());
comment on view public.streams_with_participants is 'Watch parties of the caller''s habitats with participant count, host and the caller''s participation and reminder.';
revoke all on public.streams_with_participants from anon, authenticated, service_role;
grant select on public.streams_with_participants to authenticated, service_role;

-- the dashboard's upcoming parties with the same participant data, read from the view above
create view public.upcoming_watch_parties with (security_invoker = true) as
select
  swp.id,
  swp.habitat_id,
  h.name as habitat_name,
  swp.title,
  swp.description,
  swp.scheduled_start,
  swp.scheduled_end,
  swp.status,
  swp.created_by,
  swp.created_at,
  swp.participant_count,
  swp.media_url,
  swp.media_provider,
  swp.thumbnail_url,
  swp.host_user_id,
  swp.host_display_name,
  swp.is_user_participant,
  swp.is_user_host,
  swp.user_reminder_enabled
from public.streams_with_participants swp
join public.habitats h on h.id = swp.habitat_id
where swp.status in ('scheduled', 'live')
  and coalesce(swp.scheduled_end, swp.scheduled_start + interval '4 hours') > now()
order by swp.scheduled_start;
comment on view public.upcoming_watch_parties is 'Watch parties of the caller''s habitats that have not ended, soonest first.';
revoke all on public.upcoming_watch_parties from anon;
revoke insert, update, delete, truncate, references, trigger on public.upcoming_watch_parties from authenticated, service_role;

-- ============================================================================================
-- triggers
-- ============================================================================================

-- the handover runs only when the leaving participant hosted
drop trigger stream_participants_reassign_host on public.stream_participants;
create trigger stream_participants_reassign_host
  after delete on public.stream_participants
  for each row when (old.is_host) execute function public.reassign_stream_host();

-- before insert: the membership row and the party row locked by one statement, membership first
-- (the locks are taken in the order of the locking clauses)
create or replace function public.assign_stream_host()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  party_status text;
begin
  -- a member removed meanwhile makes this join fail, never linger; joins of one party queue here
  select p.status into party_status
    from public.habitat_watch_parties p
    join public.habitat_members m on m.habitat_id = p.habitat_id
    where p.id = new.stream_id and m.user_id = new.user_id
    for key share of m
    for no key update of p;
  if not found then
    if not exists (select 1 from public.habitat_watch_parties where id = new.stream_id) then
      raise exception 'watch party % does not exist', new.stream_id using errcode = 'foreign_key_violation';
    end if;
    raise exception 'only members of this habitat can join its watch parties' using errcode = 'insufficient_privilege';
  end if;
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

-- ============================================================================================
-- policies
-- ============================================================================================

-- participants see their own participation; members of a party's habitat see all of its
-- participants (through the party's own policy)
alter policy "View participants" on public.stream_participants
  using (
    user_id = (select auth.uid())
    or exists (select 1 from public.habitat_watch_parties p where p.id = stream_id)
  );
