-- Undoes the stream participants migration (20260104000000_stream_participants.sql): the schema
-- returns to exactly what the media integration migration left, the upcoming_watch_parties view
-- included. Participation data is lost; back it up first (see the migration README).
-- Safe to run twice.

-- what later migrations built on stream_participants goes first: the live rooms (20260114)
drop trigger if exists habitat_watch_parties_broadcast on public.habitat_watch_parties;
drop trigger if exists stream_participants_broadcast_change on public.stream_participants;
drop trigger if exists stream_participants_broadcast_leave on public.stream_participants;
drop trigger if exists stream_participants_broadcast_join on public.stream_participants;
drop function if exists private.broadcast_party_changed();
drop function if exists private.broadcast_participant_changed();
drop function if exists private.broadcast_participant_left();
drop function if exists private.broadcast_participant_joined();
do $$
begin
  if to_regclass('realtime.messages') is not null then
    drop policy if exists "members are present in their party rooms" on realtime.messages;
    drop policy if exists "members hear their live rooms" on realtime.messages;
  end if;
end
$$;
drop function if exists private.can_hear_topic(text);
drop function if exists public.get_habitat_members(uuid);
-- membership cleanup and host transfer (20260106, 20260107), health (20260105)
drop trigger if exists habitat_members_remove_participation on public.habitat_members;
drop function if exists public.remove_departed_member_participation();
drop function if exists public.transfer_stream_host(uuid, uuid);
drop function if exists public.stream_participants_health();

-- the views: streams_with_participants goes, upcoming_watch_parties returns to its previous shape
drop view if exists public.upcoming_watch_parties;
drop view if exists public.streams_with_participants;

-- the party's columns return from their domains (20260113) to text with their named checks
do $$
begin
  if to_regtype('public.watch_party_title') is not null then
    alter table public.habitat_watch_parties
      alter column title type text,
      alter column description type text,
      alter column status type text,
      alter column media_url type text,
      alter column media_provider type text,
      alter column thumbnail_url type text,
      add constraint habitat_watch_parties_title_check check (char_length(btrim(title)) between 1 and 200),
      add constraint habitat_watch_parties_description_check check (description is null or char_length(description) <= 5000),
      add constraint habitat_watch_parties_status_check check (status in ('scheduled', 'live', 'ended', 'cancelled')),
      add constraint habitat_watch_parties_media_url_check check (media_url is null or (media_url ~ '^https?://' and char_length(media_url) <= 2048)),
      add constraint habitat_watch_parties_media_provider_check check (media_provider is null or media_provider in ('youtube', 'vimeo', 'twitch', 'direct', 'other')),
      add constraint habitat_watch_parties_thumbnail_url_check check (thumbnail_url is null or (thumbnail_url ~ '^https?://' and char_length(thumbnail_url) <= 2048));
  end if;
end
$$;
drop domain if exists public.watch_party_title, public.watch_party_description, public.watch_party_status, public.media_link, public.media_provider;

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
  wp.participant_count,
  wp.media_url,
  wp.media_provider,
  wp.thumbnail_url
from public.habitat_watch_parties wp
join public.habitats h on h.id = wp.habitat_id
where wp.status in ('scheduled', 'live')
  and coalesce(wp.scheduled_end, wp.scheduled_start + interval '4 hours') > now()
order by wp.scheduled_start;
comment on view public.upcoming_watch_parties is 'Watch parties of the caller''s habitats that have not ended, soonest first.';
revoke all on public.upcoming_watch_parties from anon;
revoke insert, update, delete, truncate, references, trigger on public.upcoming_watch_parties from authenticated, service_role;

-- realtime: the parties table leaves the publication (stream_participants leaves with the table)
do $$
begin
  if exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'habitat_watch_parties'
  ) then
    alter publication supabase_realtime drop table public.habitat_watch_parties;
  end if;
end
$$;

-- the table, with its indexes, policies and triggers
drop table if exists public.stream_participants;

-- the functions
drop function if exists public.get_stream_participants(uuid);
drop function if exists private.is_watch_party_host(uuid);
drop function if exists private.lock_watch_party(uuid);
drop function if exists public.assign_stream_host();
drop function if exists public.update_stream_participant_count();
drop function if exists public.reassign_stream_host();

-- the dashboard's page index (20260109)
drop index if exists public.habitat_watch_parties_upcoming_idx;

-- the membership helpers return to their SQL bodies (20260108 rewrote them in PL/pgSQL)
create or replace function private.user_habitat_ids()
returns setof uuid
language sql stable security definer set search_path = ''
rows 10
as $$
  select habitat_id from public.habitat_members where user_id = (select auth.uid())
$$;

create or replace function private.has_habitat_role(p_habitat_id uuid, roles text[])
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.habitat_members
    where habitat_id = p_habitat_id and user_id = (select auth.uid()) and role = any (roles)
  )
$$;

create or replace function private.shares_habitat_with(p_user_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.habitat_members mine
    join public.habitat_members theirs on theirs.habitat_id = mine.habitat_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
  )
$$;

create or replace function private.can_access_watch_party(p_party_id uuid)
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

-- with no participants anywhere, every count is zero
update public.habitat_watch_parties set participant_count = 0 where participant_count <> 0;

-- the Supabase CLI's record, so that `supabase db push` applies the migrations again
do $$
begin
  if to_regclass('supabase_migrations.schema_migrations') is not null then
    delete from supabase_migrations.schema_migrations where version >= '20260104000000' and version <= '20260114000000';
  end if;
end
$$;
