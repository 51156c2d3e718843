-- Stream participants: who takes part in each watch party (stream), who hosts it, and who wants a
-- reminder. The first to join hosts; when the host leaves, the earliest remaining joiner does;
-- habitat_watch_parties.participant_count always equals the number of participants.
--
-- This file is both supabase/migrations/20260104000000_stream_participants.sql and, unchanged,
-- scripts/stream-participants-migration.sql (for the SQL editor). Undo it with
-- scripts/rollback-stream-participants-migration.sql; check it with
-- scripts/verify-stream-participants-migration.sql.
--
-- Concurrency: every change to a party's participants first locks that party's row (joins in the
-- insert trigger, leaves and removals in the delete policies, cascades in the delete triggers).
-- Joins, leaves and host handoffs of one party therefore happen one after another, and a host
-- handoff never waits for a participant row whose owner waits for the party. A unique partial
-- index makes a second host impossible whatever happens.

-- ============================================================================================
-- tables
-- ============================================================================================

-- one row per (party, user): participation, host role and reminder preference
create table public.stream_participants (
  id uuid primary key default gen_random_uuid(),
  stream_id uuid not null references public.habitat_watch_parties (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  joined_at timestamp with time zone default now(),
  is_host boolean default false,
  reminder_enabled boolean default false,
  created_at timestamp with time zone default now(),
  constraint unique_stream_participant unique (stream_id, user_id),
  -- the columns keep their definitions in docs/stream-participants-spec.md; their values are never null
  constraint stream_participants_values_present check (joined_at is not null and is_host is not null and reminder_enabled is not null)
);
comment on table public.stream_participants is 'Participants of watch parties: join order, host role and reminder preference. Visible to members of the party''s habitat.';
comment on column public.stream_participants.stream_id is 'The watch party (habitat_watch_parties.id).';
comment on column public.stream_participants.joined_at is 'When the user joined; set by the database. The earliest joiner still present hosts unless the role was handed over.';
comment on column public.stream_participants.is_host is 'Whether this participant hosts the party; set by the database, at most one per party.';
comment on column public.stream_participants.reminder_enabled is 'Whether the participant wants a reminder before the party starts; the only column a participant changes.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- a party's participants in join order: the room's list and the host succession order
create index idx_stream_participants_stream_id on public.stream_participants (stream_id, joined_at, id);
-- a user's parties: the dashboard, cascades from auth.users and leaving a habitat
create index idx_stream_participants_user_id on public.stream_participants (user_id);
-- at most one host per party (enforced, not hoped for), found in one probe
create unique index idx_stream_participants_is_host on public.stream_participants (stream_id) include (user_id) where is_host;
-- a user's reminders across parties (partial: most participations have none)
create index idx_stream_participants_stream_user on public.stream_participants (user_id, stream_id) where reminder_enabled;
-- who to remind when a party starts (partial, covering)
create index idx_stream_participants_reminder_recipients on public.stream_participants (stream_id) include (user_id) where reminder_enabled;

-- ============================================================================================
-- functions
-- ============================================================================================

-- before insert: checks membership and the party's status, stamps joined_at and decides whether
-- the new participant hosts (only when the party has no host), under the party's lock
create function public.assign_stream_host()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  party_habitat uuid;
  party_status text;
begin
  select habitat_id into party_habitat from public.habitat_watch_parties where id = new.stream_id;
  if not found then
    raise exception 'watch party % does not exist', new.stream_id using errcode = 'foreign_key_violation';
  end if;
  -- the membership row first (a member removed meanwhile makes this join fail, never linger)
  perform 1 from public.habitat_members
    where habitat_id = party_habitat and user_id = new.user_id
    for key share;
  if not found then
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
comment on function public.assign_stream_host() is 'Trigger: validates a join and makes the first joiner of a party its host.';

-- after insert or delete: keeps habitat_watch_parties.participant_count equal to the rows
create function public.update_stream_participant_count()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.habitat_watch_parties set participant_count = participant_count + 1 where id = new.stream_id;
  else
    update public.habitat_watch_parties set participant_count = participant_count - 1 where id = old.stream_id;
  end if;
  return null;
end
$$;
comment on function public.update_stream_participant_count() is 'Trigger: keeps habitat_watch_parties.participant_count in step with stream_participants.';

-- after delete: when the host leaves, the earliest remaining joiner becomes host
create function public.reassign_stream_host()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  successor uuid;
begin
  if not old.is_host then
    return null;
  end if;
  -- already held when the delete came through the policies; taken here for cascades
  perform 1 from public.habitat_watch_parties where id = old.stream_id for no key update;
  loop
    select id into successor
      from public.stream_participants
      where stream_id = old.stream_id
      order by joined_at, id
      limit 1;
    exit when successor is null;
    update public.stream_participants set is_host = true where id = successor;
    -- not found: the successor was deleted by a cascade that committed meanwhile; take the next
    exit when found;
  end loop;
  return null;
end
$$;
comment on function public.reassign_stream_host() is 'Trigger: hands the host role to the earliest remaining participant when the host leaves.';

-- locks a party's row so that changes to its participants happen one at a time; true if it exists
create function private.lock_watch_party(p_party_id uuid)
returns boolean
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform 1 from public.habitat_watch_parties where id = p_party_id for no key update;
  return found;
end
$$;

-- whether the caller hosts the party now (volatile: reads after the party lock, not the statement's snapshot)
create function private.is_watch_party_host(p_party_id uuid)
returns boolean
language sql volatile security definer set search_path = ''
as $$
  select exists (
    select 1 from public.stream_participants
    where stream_id = p_party_id and user_id = (select auth.uid()) and is_host
  )
$$;

-- the participants of a party in join order, with display names; empty for non-members
create function public.get_stream_participants(p_stream_id uuid)
returns table (
  participant_id uuid,
  user_id uuid,
  display_name text,
  avatar_url text,
  is_host boolean,
  joined_at timestamp with time zone
)
language sql stable security definer set search_path = ''
as $$
  select sp.id, sp.user_id, pr.display_name, pr.avatar_url, sp.is_host, sp.joined_at
  from public.stream_participants sp
  left join public.profiles pr on pr.id = sp.user_id
  where sp.stream_id = p_stream_id
    and ((select auth.role()) = 'service_role' or private.can_access_watch_party(p_stream_id))
  order by sp.joined_at, sp.id
$$;
comment on function public.get_stream_participants(uuid) is 'Participants of a watch party in join order with display name, avatar and host flag; empty unless the caller belongs to the party''s habitat.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger stream_participants_assign_host
  before insert on public.stream_participants
  for each row execute function public.assign_stream_host();

create trigger stream_participants_count_on_insert
  after insert on public.stream_participants
  for each row execute function public.update_stream_participant_count();

create trigger stream_participants_count_on_delete
  after delete on public.stream_participants
  for each row execute function public.update_stream_participant_count();

create trigger stream_participants_reassign_host
  after delete on public.stream_participants
  for each row execute function public.reassign_stream_host();

-- ============================================================================================
-- row level security
-- ============================================================================================

alter table public.stream_participants enable row level security;

-- members of a party's habitat see its participants (one primary-key probe per row read, with
-- the caller's habitats computed once per statement; the cost follows the rows read, not the
-- number of parties the caller can see)
create policy "View participants" on public.stream_participants
  for select to authenticated
  using (
    exists (
      select 1 from public.habitat_watch_parties p
      where p.id = stream_id and p.habitat_id = any (array(select private.user_habitat_ids()))
    )
  );

-- members join their habitats' parties, as themselves (the insert trigger decides the host)
create policy "Join streams" on public.stream_participants
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.can_access_watch_party(stream_id));

-- participants change their own row (column privileges allow only reminder_enabled)
create policy "Update participation" on public.stream_participants
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

-- participants leave
create policy "Leave streams" on public.stream_participants
  for delete to authenticated
  using (user_id = (select auth.uid()) and private.lock_watch_party(stream_id));

-- the host removes other participants
create policy "Host management" on public.stream_participants
  for delete to authenticated
  using (
    user_id <> (select auth.uid())
    and private.lock_watch_party(stream_id)
    and private.is_watch_party_host(stream_id)
  );

-- ============================================================================================
-- views
-- ============================================================================================

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

-- the dashboard's upcoming parties gain the same participant data, read from the view above
create or replace view public.upcoming_watch_parties with (security_invoker = true) as
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

-- ============================================================================================
-- grants
-- ============================================================================================

-- participants write only these columns; is_host and joined_at belong to the database
revoke all on public.stream_participants from anon, authenticated, service_role;
grant select, delete on public.stream_participants to authenticated, service_role;
grant insert (stream_id, user_id, reminder_enabled) on public.stream_participants to authenticated, service_role;
grant update (reminder_enabled) on public.stream_participants to authenticated, service_role;

revoke all on public.streams_with_participants from anon, authenticated, service_role;
grant select on public.streams_with_participants to authenticated, service_role;

revoke all on function public.get_stream_participants(uuid) from public, anon;
grant execute on function public.get_stream_participants(uuid) to authenticated, service_role;
revoke all on function public.assign_stream_host(), public.update_stream_participant_count(), public.reassign_stream_host() from public, anon, authenticated, service_role;
revoke all on function private.lock_watch_party(uuid), private.is_watch_party_host(uuid) from public;
grant execute on function private.lock_watch_party(uuid), private.is_watch_party_host(uuid) to authenticated, service_role;

-- ============================================================================================
-- realtime
-- ============================================================================================

-- live participant lists and counts
alter publication supabase_realtime add table public.stream_participants, public.habitat_watch_parties;
