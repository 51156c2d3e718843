-- Reminders that keep the "Remind me" switch's promise: every participant whose reminder is on is
-- notified a lead time before the party starts (15 minutes unless they chose 5 or 60) and when it
-- starts, exactly once per (user, party, kind), in the app (public.notifications, live over the
-- private topic user:<userId>) and, through the app, in the browser and in calendars.
--
-- How: a queue in `private` holds each pending reminder with the time it is due. Triggers keep it
-- in step with what it depends on (the switch, the chosen lead time, the party's start and status);
-- leaving a party, losing membership (which removes the participation) and deleting a party remove
-- queued reminders by cascade. private.dispatch_reminders(), scheduled with Supabase Cron (pg_cron)
-- where the extension exists, takes the due rows through their index (its cost follows what is
-- due now, not what is pending), checks once more that each may still be delivered, and inserts
-- the notifications; a unique constraint makes a second delivery impossible even when two runs
-- overlap (they also skip each other's rows). A trigger broadcasts each new notification.
--
-- Calendars: public.calendar_feeds holds a hash of each user's secret feed token;
-- public.calendar_feed(token) lists that user's parties for calendar apps, which sign in as nobody.
--
-- Rollback: supabase/rollbacks/20260117000000_reminders.sql drops what this adds.

-- ============================================================================================
-- tables
-- ============================================================================================

-- how long before a party a participant wants its reminder; no row means 15 minutes. Goes with the
-- participation (leaving the party forgets it).
create table public.reminder_preferences (
  user_id uuid not null,
  stream_id uuid not null,
  lead_minutes smallint not null default 15,
  constraint reminder_preferences_pkey primary key (user_id, stream_id),
  constraint reminder_preferences_participation_fkey foreign key (user_id, stream_id)
    references public.stream_participants (user_id, stream_id) on delete cascade,
  constraint reminder_preferences_lead_minutes_check check (lead_minutes in (5, 15, 60))
);
comment on table public.reminder_preferences is 'How many minutes (5, 15 or 60) before a party its participant wants the reminder; 15 when there is no row. Each user reads and writes only their own.';
comment on column public.reminder_preferences.lead_minutes is 'Minutes before the start: 5, 15 or 60.';

-- one row per reminder still to deliver: due_at is when, expires_at the moment it is no longer
-- worth delivering (a "starts soon" after the start, a "starting now" long after it)
create table private.reminder_queue (
  stream_id uuid not null,
  user_id uuid not null,
  kind text not null,
  due_at timestamp with time zone not null,
  expires_at timestamp with time zone not null,
  constraint reminder_queue_pkey primary key (stream_id, user_id, kind),
  constraint reminder_queue_participation_fkey foreign key (stream_id, user_id)
    references public.stream_participants (stream_id, user_id) on delete cascade,
  constraint reminder_queue_kind_check check (kind in ('starts_soon', 'started'))
);

-- what the app shows under "Notifications": one per (user, party, kind), read by its owner only
create table public.notifications (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  party_id uuid not null,
  kind text not null,
  title text not null,
  starts_at timestamp with time zone not null,
  created_at timestamp with time zone not null default now(),
  read_at timestamp with time zone,
  constraint notifications_pkey primary key (id),
  constraint notifications_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade,
  constraint notifications_party_id_fkey foreign key (party_id) references public.habitat_watch_parties (id) on delete cascade,
  constraint notifications_kind_check check (kind in ('starts_soon', 'started')),
  -- exactly once per (user, party, kind), whatever runs the dispatcher and however often
  constraint notifications_once unique (user_id, party_id, kind)
);
comment on table public.notifications is 'Reminders delivered to a user: a party starts soon (at the chosen lead time) or starts now. Each user reads and marks read only their own.';
comment on column public.notifications.kind is 'starts_soon (the lead time before the start) or started (at the start).';
comment on column public.notifications.title is 'The party''s title when the reminder was delivered.';
comment on column public.notifications.starts_at is 'The party''s start when the reminder was delivered.';
comment on column public.notifications.read_at is 'When its owner marked it read; null while unread. The only column a user changes.';

-- a user's secret calendar feed: only the token's hash is kept; a new token replaces the old one
create table public.calendar_feeds (
  user_id uuid not null,
  token_hash bytea not null,
  created_at timestamp with time zone not null default now(),
  constraint calendar_feeds_pkey primary key (user_id),
  constraint calendar_feeds_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade,
  constraint calendar_feeds_token_hash_key unique (token_hash)
);
comment on table public.calendar_feeds is 'Whether (and since when) a user has a private calendar feed; its secret token is shown once, only its SHA-256 is stored. Each user reads and deletes only their own.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- the dispatcher's only read of the queue: what is due, oldest first
create index reminder_queue_due_at_idx on private.reminder_queue (due_at);
-- a user's notifications, newest first (the list; the policies' user_id)
create index notifications_user_created_idx on public.notifications (user_id, created_at desc, id desc);
-- a user's unread count (partial: most notifications are read)
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;
-- deleting a party deletes its notifications
create index notifications_party_id_idx on public.notifications (party_id);

-- ============================================================================================
-- functions
-- ============================================================================================

-- (re)queues the reminders of a party's participants (of one of them when p_user_id is given)
-- from what they depend on now: the switch, the lead time, the party's start, end and status.
-- Kinds already delivered are not queued again.
create function private.schedule_reminders(p_stream_id uuid, p_user_id uuid default null)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  delete from private.reminder_queue q
    where q.stream_id = p_stream_id and (p_user_id is null or q.user_id = p_user_id);
  insert into private.reminder_queue (stream_id, user_id, kind, due_at, expires_at)
  select sp.stream_id, sp.user_id, r.kind, r.due_at, r.expires_at
  from public.habitat_watch_parties p
  join public.stream_participants sp on sp.stream_id = p.id and sp.reminder_enabled
  left join public.reminder_preferences pref on pref.user_id = sp.user_id and pref.stream_id = sp.stream_id
  cross join lateral (values
    -- no preference row: the default lead time of 15 minutes
    ('starts_soon', p.scheduled_start - make_interval(mins => coalesce(pref.lead_minutes, 15)), p.scheduled_start),
    ('started', p.scheduled_start, least(p.scheduled_start + interval '10 minutes', coalesce(p.scheduled_end, 'infinity')))
  ) as r (kind, due_at, expires_at)
  where p.id = p_stream_id
    and (p_user_id is null or sp.user_id = p_user_id)
    and p.status in ('scheduled', 'live')
    and r.expires_at > now()
    and not exists (
      select 1 from public.notifications n
      where n.user_id = sp.user_id and n.party_id = sp.stream_id and n.kind = r.kind
    );
end
$$;

-- trigger: a participant's reminder turned on or off, or its lead time changed
create function private.reschedule_participant_reminders()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.schedule_reminders(new.stream_id, new.user_id);
  return null;
end
$$;

-- trigger: a party rescheduled, cancelled, ended or back on: its reminders follow
create function private.reschedule_party_reminders()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.schedule_reminders(new.id);
  return null;
end
$$;

-- delivers the due reminders (at most p_limit, oldest first) and returns how many it delivered.
-- Idempotent and safe to run concurrently: rows another run holds are skipped, and a kind already
-- delivered is never delivered again. Cost: an index range scan over what is due now.
create function private.dispatch_reminders(p_limit integer default 5000)
returns integer
language sql security definer set search_path = ''
as $$
  with taken as (
    delete from private.reminder_queue q
    using (
      select d.stream_id, d.user_id, d.kind
      from private.reminder_queue d
      where d.due_at <= now()
      order by d.due_at
      limit p_limit
      for update skip locked
    ) due
    where q.stream_id = due.stream_id and q.user_id = due.user_id and q.kind = due.kind
    returning q.stream_id, q.user_id, q.kind, q.due_at, q.expires_at
  ),
  delivered as (
    insert into public.notifications (user_id, party_id, kind, title, starts_at)
    select t.user_id, t.stream_id, t.kind, p.title, p.scheduled_start
    from taken t
    join public.habitat_watch_parties p on p.id = t.stream_id
    join public.stream_participants sp on sp.stream_id = t.stream_id and sp.user_id = t.user_id
    -- checked again at delivery: the queue follows these, this makes sure
    where t.expires_at > now()
      and sp.reminder_enabled
      and p.status in ('scheduled', 'live')
      and exists (select 1 from public.habitat_members m where m.habitat_id = p.habitat_id and m.user_id = t.user_id)
    order by t.due_at
    on conflict on constraint notifications_once do nothing
    returning 1
  )
  select count(*)::integer from delivered
$$;

-- trigger: a new notification, as the list shows it, to its owner's private topic
create function private.broadcast_notification()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform realtime.send(
    jsonb_build_object('notification', jsonb_build_object(
      'id', new.id,
      'kind', new.kind,
      'partyId', new.party_id,
      'title', new.title,
      'startsAt', new.starts_at,
      'createdAt', new.created_at,
      'readAt', new.read_at
    )),
    'notification',
    'user:' || new.user_id
  );
  return null;
end
$$;

-- a new secret token for the caller's calendar feed (the previous one stops working); returned
-- once, stored only as its SHA-256
create function public.regenerate_calendar_feed()
returns text
language plpgsql security definer set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  token text := encode(extensions.gen_random_bytes(32), 'hex');
begin
  if caller is null then
    raise exception 'sign in to get a calendar feed' using errcode = 'insufficient_privilege';
  end if;
  insert into public.calendar_feeds (user_id, token_hash)
  values (caller, sha256(convert_to(token, 'UTF8')))
  on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now();
  return token;
end
$$;
comment on function public.regenerate_calendar_feed() is 'Makes a new secret token for the caller''s calendar feed and returns it (once); the previous token stops working.';

-- what a calendar feed shows, for its token (null for an unknown or revoked one): the owner's name
-- and the parties they joined in habitats they still belong to, from 30 days back
create function public.calendar_feed(p_token text)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  owner uuid;
begin
  if p_token is null or p_token !~ '^[0-9a-f]{64}$' then
    return null;
  end if;
  select f.user_id into owner from public.calendar_feeds f where f.token_hash = sha256(convert_to(p_token, 'UTF8'));
  if owner is null then
    return null;
  end if;
  return jsonb_build_object(
    'displayName', (select pr.display_name from public.profiles pr where pr.id = owner),
    'parties', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', p.id,
        'title', p.title,
        'description', p.description,
        'habitatName', h.name,
        'scheduledStart', p.scheduled_start,
        'scheduledEnd', p.scheduled_end,
        'status', p.status,
        'reminderEnabled', sp.reminder_enabled,
        'leadMinutes', coalesce(pref.lead_minutes, 15)
      ) order by p.scheduled_start, p.id)
      from public.stream_participants sp
      join public.habitat_watch_parties p on p.id = sp.stream_id
      join public.habitats h on h.id = p.habitat_id
      join public.habitat_members m on m.habitat_id = p.habitat_id and m.user_id = owner
      left join public.reminder_preferences pref on pref.user_id = owner and pref.stream_id = p.id
      where sp.user_id = owner and p.scheduled_start > now() - interval '30 days'
    ), '[]'::jsonb)
  );
end
$$;
comment on function public.calendar_feed(text) is 'The calendar feed of the user whose secret token this is: their name and the parties they joined; null for an unknown or revoked token. For calendar apps, which call it without signing in.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger stream_participants_schedule_reminders_on_join
  after insert on public.stream_participants
  for each row when (new.reminder_enabled)
  execute function private.reschedule_participant_reminders();

create trigger stream_participants_schedule_reminders_on_change
  after update of reminder_enabled on public.stream_participants
  for each row when (old.reminder_enabled is distinct from new.reminder_enabled)
  execute function private.reschedule_participant_reminders();

create trigger reminder_preferences_schedule_reminders
  after insert or update of lead_minutes on public.reminder_preferences
  for each row execute function private.reschedule_participant_reminders();

create trigger habitat_watch_parties_schedule_reminders
  after update of scheduled_start, scheduled_end, status on public.habitat_watch_parties
  for each row when (
    old.scheduled_start is distinct from new.scheduled_start
    or old.scheduled_end is distinct from new.scheduled_end
    or old.status is distinct from new.status
  )
  execute function private.reschedule_party_reminders();

create trigger notifications_broadcast
  after insert on public.notifications
  for each row execute function private.broadcast_notification();

-- ============================================================================================
-- row level security
-- ============================================================================================

alter table public.reminder_preferences enable row level security;
alter table public.notifications enable row level security;
alter table public.calendar_feeds enable row level security;
-- no policies: only the queue's triggers and the dispatcher (security definer, the table's owner)
-- read and write it
alter table private.reminder_queue enable row level security;

create policy "Users read their reminder preferences" on public.reminder_preferences
  for select to authenticated
  using (user_id = (select auth.uid()));

-- the foreign key makes sure the participation exists; this, that it is the caller's
create policy "Participants choose their reminder time" on public.reminder_preferences
  for insert to authenticated
  with check (user_id = (select auth.uid()));

create policy "Participants change their reminder time" on public.reminder_preferences
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "Users read their notifications" on public.notifications
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy "Users mark their notifications read" on public.notifications
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "Users see their calendar feed" on public.calendar_feeds
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy "Users revoke their calendar feed" on public.calendar_feeds
  for delete to authenticated
  using (user_id = (select auth.uid()));

-- ============================================================================================
-- grants
-- ============================================================================================

revoke all on public.reminder_preferences, public.notifications, public.calendar_feeds from anon, authenticated, service_role;
grant select on public.reminder_preferences to authenticated, service_role;
grant insert (stream_id, user_id, lead_minutes) on public.reminder_preferences to authenticated, service_role;
-- an upsert through PostgREST sets every column it sends; the policies keep the row the caller's
grant update (stream_id, user_id, lead_minutes) on public.reminder_preferences to authenticated, service_role;
grant select on public.notifications to authenticated, service_role;
grant update (read_at) on public.notifications to authenticated, service_role;
grant select (user_id, created_at), delete on public.calendar_feeds to authenticated, service_role;

revoke all on function private.schedule_reminders(uuid, uuid), private.dispatch_reminders(integer) from public;
revoke all on function public.regenerate_calendar_feed() from public, anon;
grant execute on function public.regenerate_calendar_feed() to authenticated, service_role;
revoke all on function public.calendar_feed(text) from public;
grant execute on function public.calendar_feed(text) to anon, authenticated, service_role;

-- ============================================================================================
-- Supabase Cron
-- ============================================================================================

-- the dispatcher every 30 seconds, and a daily trim of pg_cron's run history (Supabase's advice),
-- where pg_cron is enabled (hosted: Database → Extensions → pg_cron, before this migration; the
-- local stack always has its interface). Without it the migration still applies and reminders
-- wait until these two jobs are scheduled (README: "Reminders").
do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'cron') then
    perform cron.schedule('dispatch-reminders', '30 seconds', 'select private.dispatch_reminders()');
    perform cron.schedule('purge-cron-history', '17 3 * * *', $job$delete from cron.job_run_details where end_time < now() - interval '7 days'$job$);
  end if;
end
$$;
