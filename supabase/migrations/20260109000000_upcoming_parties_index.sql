-- The dashboard lists parties that have not ended, soonest first, a page at a time
-- (upcoming_watch_parties). Walking this index in start order stops after one page, where the
-- other indexes leave every open party of the caller's habitats to be sorted first.
create index habitat_watch_parties_upcoming_idx on public.habitat_watch_parties (scheduled_start)
  where status in ('scheduled', 'live');
