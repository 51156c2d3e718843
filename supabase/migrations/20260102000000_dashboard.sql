-- Dashboard: scheduled watch parties of a habitat and the upcoming-parties view the dashboard
-- reads. participant_count is kept by the stream participants migration's triggers.

-- ============================================================================================
-- tables
-- ============================================================================================

-- a scheduled watch party (a "stream") of a habitat
create table public.habitat_watch_parties (
  id uuid primary key default gen_random_uuid(),
  habitat_id uuid not null references public.habitats (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text check (description is null or char_length(description) <= 5000),
  scheduled_start timestamptz not null,
  scheduled_end timestamptz,
  status text not null default 'scheduled' check (status in ('scheduled', 'live', 'ended', 'cancelled')),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  participant_count integer not null default 0 check (participant_count >= 0),
  constraint habitat_watch_parties_end_after_start check (scheduled_end is null or scheduled_end > scheduled_start)
);
comment on table public.habitat_watch_parties is 'Scheduled watch parties of a habitat; only its members can see them.';
comment on column public.habitat_watch_parties.participant_count is 'Number of participants, maintained by triggers; never written by clients.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- a habitat's parties by start time: the habitat page, the dashboard, and the membership policies
create index habitat_watch_parties_habitat_start_idx on public.habitat_watch_parties (habitat_id, scheduled_start);
-- habitat_watch_parties.created_by cascades from auth.users
create index habitat_watch_parties_created_by_idx on public.habitat_watch_parties (created_by);

-- ============================================================================================
-- functions
-- ============================================================================================

-- whether the caller belongs to the habitat of watch party `p_party_id`
create function private.can_access_watch_party(p_party_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.habitat_watch_parties p
    join public.habitat_members m on m.habitat_id = p.habitat_id
    where p.id = p_party_id and m.user_id = (select auth.uid())
  )
$$;
revoke all on function private.can_access_watch_party(uuid) from public;
grant execute on function private.can_access_watch_party(uuid) to anon, authenticated, service_role;

-- ============================================================================================
-- row level security
-- ============================================================================================

alter table public.habitat_watch_parties enable row level security;

-- members see their habitats' parties
create policy "Members see their habitats' watch parties" on public.habitat_watch_parties
  for select to authenticated
  using (habitat_id = any (array(select private.user_habitat_ids())));

-- members schedule parties in their habitats, as themselves
create policy "Members schedule watch parties" on public.habitat_watch_parties
  for insert to authenticated
  with check (created_by = (select auth.uid()) and habitat_id = any (array(select private.user_habitat_ids())));

-- the party's creator and the habitat's owners and moderators edit it
create policy "Creators and moderators edit watch parties" on public.habitat_watch_parties
  for update to authenticated
  using (created_by = (select auth.uid()) or private.has_habitat_role(habitat_id, array['owner', 'moderator']))
  with check (habitat_id = any (array(select private.user_habitat_ids())));

-- the party's creator and the habitat's owners and moderators delete it
create policy "Creators and moderators delete watch parties" on public.habitat_watch_parties
  for delete to authenticated
  using (created_by = (select auth.uid()) or private.has_habitat_role(habitat_id, array['owner', 'moderator']));

-- ============================================================================================
-- views
-- ============================================================================================

-- parties that have not ended, soonest first, with their habitat's name
create view public.upcoming_watch_parties with (security_invoker = true) as
select
  wp.id,
  wp.habitat_id,
  h.name as habitat_name,
  wp.title,
  wp.description,
  wp.scheduled_start,
  wp.scheduled_end,
  wp.status,
  wp.created_by,
  wp.created_at,
  wp.participant_count
from public.habitat_watch_parties wp
join public.habitats h on h.id = wp.habitat_id
where wp.status in ('scheduled', 'live')
  and coalesce(wp.scheduled_end, wp.scheduled_start + interval '4 hours') > now()
order by wp.scheduled_start;
comment on view public.upcoming_watch_parties is 'Watch parties of the caller''s habitats that have not ended, soonest first.';

-- ============================================================================================
-- grants
-- ============================================================================================

revoke all on public.habitat_watch_parties, public.upcoming_watch_parties from anon;
revoke truncate, references, trigger on public.habitat_watch_parties from authenticated, service_role;
-- participant_count and the party's identity are never written by clients
revoke insert, update on public.habitat_watch_parties from authenticated, service_role;
grant insert (id, habitat_id, title, description, scheduled_start, scheduled_end, status, created_by)
  on public.habitat_watch_parties to authenticated, service_role;
grant update (title, description, scheduled_start, scheduled_end, status)
  on public.habitat_watch_parties to authenticated, service_role;
revoke insert, update, delete, truncate, references, trigger on public.upcoming_watch_parties from authenticated, service_role;
