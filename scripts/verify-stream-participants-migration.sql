-- Verifies the stream participants migration: one row per expected object (the "Expected Results"
-- of docs/stream-participants-spec.md) with ✅ when it is in place and ❌ when it is not, then the
-- health checks (count drift, several hosts, no host), computed here: the script needs nothing but
-- the migration itself (public.stream_participants_health() comes in a later migration).
-- Read-only: run it any time, before or after the migration or its rollback.

with
expected_columns (name, type) as (
  values ('id', 'uuid'), ('stream_id', 'uuid'), ('user_id', 'uuid'),
         ('joined_at', 'timestamp with time zone'), ('is_host', 'boolean'),
         ('reminder_enabled', 'boolean'), ('created_at', 'timestamp with time zone')
),
expected_indexes (name) as (
  values ('idx_stream_participants_stream_id'), ('idx_stream_participants_user_id'),
         ('idx_stream_participants_is_host'), ('idx_stream_participants_stream_user'),
         ('idx_stream_participants_reminder_recipients')
),
expected_policies (name, command) as (
  values ('View participants', 'SELECT'), ('Join streams', 'INSERT'), ('Update participation', 'UPDATE'),
         ('Leave streams', 'DELETE'), ('Host management', 'DELETE')
),
expected_triggers (name, timing, event, function) as (
  values ('stream_participants_assign_host', 'BEFORE', 'INSERT', 'assign_stream_host'),
         ('stream_participants_count_on_insert', 'AFTER', 'INSERT', 'update_stream_participant_count'),
         ('stream_participants_count_on_delete', 'AFTER', 'DELETE', 'update_stream_participant_count'),
         ('stream_participants_reassign_host', 'AFTER', 'DELETE', 'reassign_stream_host')
),
expected_functions (name) as (
  values ('assign_stream_host'), ('update_stream_participant_count'), ('reassign_stream_host')
),
expected_views (name) as (
  values ('streams_with_participants'), ('upcoming_watch_parties')
),
participants as (
  select to_regclass('public.stream_participants') as oid
),
-- the health checks that fail, one row each: a party whose participant_count differs from its
-- rows, with several hosts, or with participants and no host. Run as a query string
-- (query_to_xml) so that this script still parses where stream_participants does not exist.
health as (
  select unnest(xpath('//row/check_name/text()', query_to_xml($health$
    select 'count_drift' as check_name from public.habitat_watch_parties wp
      where wp.participant_count <> (select count(*) from public.stream_participants sp where sp.stream_id = wp.id)
    union all
    select case when count(*) filter (where sp.is_host) > 1 then 'multiple_hosts' else 'missing_host' end
      from public.stream_participants sp group by sp.stream_id having count(*) filter (where sp.is_host) <> 1
  $health$, false, false, '')))::text as check_name
  from participants
  where oid is not null
),
checks (position, object_type, object_name, ok, detail) as (
  select 1, 'table', 'stream_participants',
    (select oid from participants) is not null
      and (select count(*) from pg_attribute a where a.attrelid = (select oid from participants) and a.attnum > 0 and not a.attisdropped) = 7,
    'table with 7 columns'
  union all
  select 2, 'column', 'stream_participants.' || c.name,
    exists (
      select 1 from information_schema.columns ic
      where ic.table_schema = 'public' and ic.table_name = 'stream_participants'
        and ic.column_name = c.name and ic.data_type = c.type
    ),
    c.type
  from expected_columns c
  union all
  select 3, 'constraint', 'unique_stream_participant',
    exists (
      select 1 from pg_constraint
      where conrelid = (select oid from participants) and conname = 'unique_stream_participant' and contype = 'u'
    ),
    'one participation per (stream_id, user_id)'
  union all
  select 4, 'index', i.name,
    exists (select 1 from pg_indexes where schemaname = 'public' and tablename = 'stream_participants' and indexname = i.name),
    coalesce((select indexdef from pg_indexes where schemaname = 'public' and indexname = i.name), 'missing')
  from expected_indexes i
  union all
  select 5, 'rls', 'stream_participants row level security',
    coalesce((select relrowsecurity from pg_class where oid = (select oid from participants)), false),
    'enabled'
  union all
  select 6, 'policy', p.name,
    exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'stream_participants' and policyname = p.name and cmd = p.command),
    p.command
  from expected_policies p
  union all
  select 7, 'trigger', t.name,
    exists (
      select 1 from information_schema.triggers it
      where it.event_object_schema = 'public' and it.event_object_table = 'stream_participants'
        and it.trigger_name = t.name and it.action_timing = t.timing and it.event_manipulation = t.event
        and it.action_statement like '%' || t.function || '()%'
    ),
    t.timing || ' ' || t.event || ' → ' || t.function || '()'
  from expected_triggers t
  union all
  select 8, 'trigger function', f.name || '()',
    exists (
      select 1 from pg_proc pr join pg_namespace n on n.oid = pr.pronamespace
      where n.nspname = 'public' and pr.proname = f.name and pr.prorettype = 'trigger'::regtype
    ),
    'returns trigger'
  from expected_functions f
  union all
  select 9, 'view', v.name,
    exists (
      select 1 from information_schema.columns ic
      where ic.table_schema = 'public' and ic.table_name = v.name and ic.column_name = 'is_user_participant'
    ) and exists (
      select 1 from information_schema.columns ic
      where ic.table_schema = 'public' and ic.table_name = v.name and ic.column_name = 'host_user_id'
    ) and exists (
      select 1 from pg_class c
      where c.oid = to_regclass('public.' || v.name) and 'security_invoker=true' = any (coalesce(c.reloptions, '{}'))
    ),
    'participant data (is_user_participant, host_user_id), security_invoker'
  from expected_views v
  union all
  select 10, 'helper function', 'get_stream_participants(uuid)',
    to_regprocedure('public.get_stream_participants(uuid)') is not null,
    'participants in join order with display names'
  union all
  select 11, 'realtime', 'supabase_realtime publication',
    exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'stream_participants'),
    'stream_participants changes are broadcast'
  union all
  select 12, 'health', 'participant counts consistent',
    (select oid from participants) is not null and not exists (select 1 from health where check_name = 'count_drift'),
    'participant_count equals the rows of every party'
  union all
  select 13, 'health', 'one host per party',
    (select oid from participants) is not null and not exists (select 1 from health where check_name in ('multiple_hosts', 'missing_host')),
    'every party with participants has exactly one host'
)
select object_type, object_name, case when ok then '✅' else '❌' end as status, detail
from checks
order by position, object_name;
