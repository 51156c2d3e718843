-- Media integration: what a party plays (a URL and its provider) and a thumbnail, shown on the
-- dashboard and embedded in the party room.

-- ============================================================================================
-- columns
-- ============================================================================================

alter table public.habitat_watch_parties
  add column media_url text check (media_url is null or (media_url ~ '^https?://' and char_length(media_url) <= 2048)),
  add column media_provider text check (media_provider is null or media_provider in ('youtube', 'vimeo', 'twitch', 'direct', 'other')),
  add column thumbnail_url text check (thumbnail_url is null or (thumbnail_url ~ '^https?://' and char_length(thumbnail_url) <= 2048));
comment on column public.habitat_watch_parties.media_url is 'http(s) URL of what the party watches.';
comment on column public.habitat_watch_parties.media_provider is 'Where media_url points: youtube, vimeo, twitch, direct (a video file) or other.';

-- ============================================================================================
-- views
-- ============================================================================================

-- the dashboard shows what each party plays
create or replace view public.upcoming_watch_parties with (security_invoker = true) as
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

-- ============================================================================================
-- grants
-- ============================================================================================

grant insert (media_url, media_provider, thumbnail_url), update (media_url, media_provider, thumbnail_url)
  on public.habitat_watch_parties to authenticated, service_role;
