-- What Supabase's Postgres image provides before any project migration runs, recreated for the
-- local stack: API roles, the auth and extensions schemas, GoTrue's auth tables, the auth.*
-- helper functions, Supabase Realtime's schema (realtime.messages and its functions), the realtime
-- publication and the default grants.
-- Idempotent: it runs on every start and changes nothing the second time.

-- API roles: PostgREST logs in as authenticator and switches to the role named in the JWT.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
  -- the auth service owns the auth schema, as on Supabase
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole password 'postgres';
  end if;
  -- the realtime service reads the replication stream and checks RLS per subscriber
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin login noinherit replication password 'postgres';
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to supabase_realtime_admin;

-- Supabase's statement timeouts for API roles
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- Schemas
create schema if not exists extensions;
create schema if not exists auth authorization supabase_auth_admin;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;

grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin;
alter role supabase_auth_admin set search_path = auth;

-- GoTrue's users table (column for column, as supabase/auth migrations leave it)
create table if not exists auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0 check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create index if not exists users_instance_id_idx on auth.users (instance_id);
create index if not exists users_is_anonymous_idx on auth.users (is_anonymous);
-- GoTrue: one non-SSO account per email
create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);

-- One row per sign-in method of a user
create table if not exists auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid not null default gen_random_uuid() primary key,
  constraint identities_provider_id_provider_unique unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);

do $$
begin
  if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'auth' and t.typname = 'aal_level') then
    create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
  end if;
end
$$;

-- A signed-in session; refresh tokens belong to one
create table if not exists auth.sessions (
  id uuid not null primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  factor_id uuid,
  aal auth.aal_level,
  not_after timestamptz,
  refreshed_at timestamp,
  user_agent text,
  ip inet,
  tag text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

-- Rotating refresh tokens; `parent` links each to the one it replaced
create table if not exists auth.refresh_tokens (
  instance_id uuid,
  id bigserial primary key,
  token varchar(255) unique,
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz,
  updated_at timestamptz,
  parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade
);
create index if not exists refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);

alter table auth.users owner to supabase_auth_admin;
alter table auth.identities owner to supabase_auth_admin;
alter table auth.sessions owner to supabase_auth_admin;
alter table auth.refresh_tokens owner to supabase_auth_admin;
alter type auth.aal_level owner to supabase_auth_admin;

-- The caller's claims, as PostgREST and Realtime set them (request.jwt.claims) or as older
-- PostgREST versions did (request.jwt.claim.*): Supabase's own definitions.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

alter function auth.jwt() owner to supabase_auth_admin;
alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email() to anon, authenticated, service_role;
grant select on table auth.users to service_role;

-- The publication Supabase Realtime streams; migrations add tables to it
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

-- Supabase Realtime's schema (supabase/realtime priv/repo/tenant_schema/realtime): the messages a
-- project broadcasts from the database, and the table whose RLS policies authorize private
-- channels. The realtime service creates what it creates itself on hosted Supabase (the messages
-- publication, partitions ahead of time, the janitor that drops old ones).
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

-- Broadcast and presence messages, partitioned by day; RLS on, no policies shipped
create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default timezone('utc', now()),
  inserted_at timestamp not null default timezone('utc', now()),
  id uuid not null default gen_random_uuid(),
  binary_payload bytea,
  constraint messages_payload_exclusive check (payload is null or binary_payload is null),
  constraint messages_pkey primary key (id, inserted_at)
) partition by range (inserted_at);
-- replay reads a private topic's newest broadcasts
create index if not exists messages_inserted_at_topic_index on only realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;
alter table realtime.messages enable row level security;
alter table realtime.messages owner to supabase_realtime_admin;
grant insert, select, update on table realtime.messages to anon, authenticated, service_role;
grant usage, create on schema realtime to supabase_realtime_admin;

-- Daily partitions from yesterday to three days ahead, as realtime creates them when a tenant
-- connects (an insert with no partition fails); the realtime service keeps them coming
do $$
declare
  day date;
begin
  for day in select generate_series(current_date - 1, current_date + 3, interval '1 day')::date loop
    execute format(
      'create table if not exists realtime.%I partition of realtime.messages for values from (%L) to (%L)',
      'messages_' || to_char(day, 'YYYY_MM_DD'), day, day + 1
    );
    execute format('alter table realtime.%I owner to supabase_realtime_admin', 'messages_' || to_char(day, 'YYYY_MM_DD'));
  end loop;
end
$$;

-- The topic being authorized: realtime sets it before probing the policies on realtime.messages
create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text;
$$;

-- Broadcasts `payload` as `event` to `topic` (a row in realtime.messages that realtime delivers).
-- Security invoker: the caller's INSERT policy applies; a failure is only a warning, so the
-- caller's transaction still commits (Supabase's own definition).
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true) returns void
language plpgsql
as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception
    when others then
      raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end;
$$;

-- The same for a binary payload
create or replace function realtime.send_binary(payload bytea, event text, topic text, private boolean default true) returns void
language plpgsql
as $$
declare
  generated_id uuid;
begin
  begin
    generated_id := gen_random_uuid();
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, binary_payload, event, topic, private, extension)
    values (generated_id, payload, event, topic, private, 'broadcast');
  exception
    when others then
      raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end;
$$;

-- A row trigger's change as a private broadcast: {old_record, record, operation, table, schema}
create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void
language plpgsql
as $$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation = 'INSERT' or operation = 'UPDATE' or operation = 'DELETE' then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation, 'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception
  when others then
    raise exception 'Failed to process the row: %', sqlerrm;
end;
$$;

alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.send_binary(bytea, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.broadcast_changes(text, text, text, text, text, record, record, text) owner to supabase_realtime_admin;

-- Supabase's default grants: objects created in public by postgres are reachable by the API roles
-- (row level security decides what each may see)
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;

-- Where the Supabase CLI records applied migrations
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);

-- ============================================================================================
-- Supabase Cron: pg_cron 1.6's SQL interface (citusdata/pg_cron, pg_cron--1.0..1.6.sql), so
-- migrations schedule jobs exactly as on a hosted project. The jobs are run by the stack's API
-- process (src/cron/): it polls cron.job and records each run in cron.job_run_details, as pg_cron's
-- background worker does. pg_cron's C functions are plpgsql here; like pg_cron's, they run as the
-- caller (only superusers and roles allowed to write cron.job schedule locally).
-- ============================================================================================
create schema if not exists cron;

create sequence if not exists cron.jobid_seq;
create sequence if not exists cron.runid_seq;
grant select on sequence cron.jobid_seq, cron.runid_seq to public;

-- The jobs, column for column as pg_cron 1.6 leaves cron.job
create table if not exists cron.job (
  jobid bigint primary key default pg_catalog.nextval('cron.jobid_seq'),
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  nodeport int not null default pg_catalog.inet_server_port(),
  database text not null default pg_catalog.current_database(),
  username text not null default current_user,
  active boolean not null default 'true',
  jobname text,
  constraint jobname_username_uniq unique (jobname, username)
);
grant select on cron.job to public;
alter table cron.job enable row level security;

-- One row per run: starting, running, then succeeded or failed with the command's result
create table if not exists cron.job_run_details (
  jobid bigint,
  runid bigint primary key default pg_catalog.nextval('cron.runid_seq'),
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);
grant select, delete on cron.job_run_details to public;
alter table cron.job_run_details enable row level security;

do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'cron' and tablename = 'job' and policyname = 'cron_job_policy') then
    create policy cron_job_policy on cron.job using (username operator(pg_catalog.=) current_user);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'cron' and tablename = 'job_run_details' and policyname = 'cron_job_run_details_policy') then
    create policy cron_job_run_details_policy on cron.job_run_details using (username operator(pg_catalog.=) current_user);
  end if;
end
$$;

-- One field of a cron schedule as the values it matches, by vixie cron's rules as pg_cron has them
-- (src/entry.c): a comma-separated list of `*`, numbers or names, each maybe a range `a-b`, and
-- `*` or a range maybe with a step `/n`; null when the field is not valid. The local stack's own
-- helper (pg_cron parses in C).
create or replace function cron.parse_field(field text, low int, high int, names text[] default null)
returns int[]
language plpgsql immutable
set search_path = ''
as $$
declare
  part text;
  m text[];
  first int;
  last int;
  step int;
  result int[] := '{}';
begin
  foreach part in array pg_catalog.string_to_array(field, ',') loop
    m := pg_catalog.regexp_match(part, '^(?:(\*)|([0-9]{1,9}|[A-Za-z]+)(?:-([0-9]{1,9}|[A-Za-z]+))?)(?:/([0-9]{1,9}))?$');
    if m is null or (m[2] is not null and m[3] is null and m[4] is not null) then
      return null; -- not a list element, or a step without a range ("1/20")
    end if;
    if m[1] is not null then
      first := low;
      last := high;
    else
      first := coalesce(pg_catalog.array_position(names, pg_catalog.lower(m[2])) + low - 1, case when m[2] ~ '^[0-9]' then m[2]::int end);
      last := coalesce(pg_catalog.array_position(names, pg_catalog.lower(coalesce(m[3], m[2]))) + low - 1, case when coalesce(m[3], m[2]) ~ '^[0-9]' then coalesce(m[3], m[2])::int end);
    end if;
    step := coalesce(m[4]::int, 1);
    if first is null or last is null or first < low or first > high or last < low or last > high or step <= 0 or step > high then
      return null;
    end if;
    result := result || array(select pg_catalog.generate_series(first, last, step));
  end loop;
  return array(select distinct v from pg_catalog.unnest(result) v order by v);
end
$$;

-- A schedule as the local scheduler runs it, or null when pg_cron would refuse it: an interval
-- ('[1-59] seconds'), @reboot, or five cron fields (@yearly, @monthly, @weekly, @daily, @hourly as
-- vixie cron expands them; `$` as the day of month for the last day). Flags as vixie cron sets them:
-- domStar/dowStar (the field began with `*`: both must match, else either), domLast.
create or replace function cron.parse_schedule(schedule text)
returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  seconds text[];
  special text;
  fields text[];
  expanded text;
  months constant text[] := array['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  days constant text[] := array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  parsed jsonb;
  dows int[];
begin
  if schedule is null or pg_catalog.length(schedule) >= 1000 then
    return null;
  end if;
  -- pg_cron 1.5+: "<n> second" or "<n> seconds", 0 < n < 60, any case
  seconds := pg_catalog.regexp_match(pg_catalog.lower(schedule), '^\s*([0-9]+)\s*seconds?\s*$');
  if seconds is not null then
    return case when seconds[1]::numeric between 1 and 59 then pg_catalog.jsonb_build_object('seconds', seconds[1]::int) end;
  end if;
  special := pg_catalog.lower(pg_catalog.btrim(schedule, E' \t\n'));
  if special in ('@reboot', '@restart') then
    return '{"reboot": true}'::jsonb;
  end if;
  expanded := case special
    when '@yearly' then '0 0 1 1 *' when '@annually' then '0 0 1 1 *'
    when '@monthly' then '0 0 1 * *'
    when '@weekly' then '0 0 * * 0'
    when '@daily' then '0 0 * * *' when '@midnight' then '0 0 * * *'
    when '@hourly' then '0 * * * *'
  end;
  if special like '@%' and expanded is null then
    return null;
  end if;
  fields := pg_catalog.regexp_split_to_array(coalesce(expanded, pg_catalog.btrim(schedule, E' \t\n')), '\s+');
  -- vixie cron reads five fields; what follows them (the command, in a crontab) is not looked at
  if pg_catalog.array_length(fields, 1) < 5 then
    return null;
  end if;
  dows := cron.parse_field(fields[5], 0, 7, days);
  parsed := pg_catalog.jsonb_build_object(
    'minutes', cron.parse_field(fields[1], 0, 59),
    'hours', cron.parse_field(fields[2], 0, 23),
    'doms', case when fields[3] = '$' then '{}'::int[] else cron.parse_field(fields[3], 1, 31) end,
    'months', cron.parse_field(fields[4], 1, 12, months),
    -- Sunday is 0 and 7
    'dows', case when dows && array[0, 7] then array(select distinct v from pg_catalog.unnest(dows || array[0, 7]) v order by v) else dows end,
    'domStar', fields[3] like '*%',
    'dowStar', fields[5] like '*%',
    'domLast', fields[3] = '$'
  );
  if pg_catalog.jsonb_typeof(parsed -> 'minutes') = 'null' or pg_catalog.jsonb_typeof(parsed -> 'hours') = 'null'
     or pg_catalog.jsonb_typeof(parsed -> 'doms') = 'null' or pg_catalog.jsonb_typeof(parsed -> 'months') = 'null'
     or pg_catalog.jsonb_typeof(parsed -> 'dows') = 'null' then
    return null;
  end if;
  return parsed;
end
$$;

-- pg_cron's refusal of a schedule it cannot parse
create or replace function cron.assert_schedule(schedule text)
returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if cron.parse_schedule(schedule) is null then
    raise exception 'invalid schedule: %', schedule
      using errcode = 'invalid_parameter_value', hint = 'Use cron format (e.g. 5 4 * * *), or interval format ''[1-59] seconds''';
  end if;
end
$$;

-- cron.schedule(schedule, command): a new unnamed job of the caller; its jobid
create or replace function cron.schedule(schedule text, command text)
returns bigint
language plpgsql strict
set search_path = ''
as $$
declare
  id bigint;
begin
  perform cron.assert_schedule($1);
  insert into cron.job (schedule, command, nodename, nodeport, database, username, active)
  values ($1, $2, 'localhost', pg_catalog.inet_server_port(), pg_catalog.current_database(), current_user, true)
  returning jobid into id;
  return id;
end
$$;
comment on function cron.schedule(text, text) is 'schedule a pg_cron job';

-- cron.schedule_in_database(job_name, schedule, command, database, username, active): a named job
-- in another database or for another user (superusers only); a job of the same name and user is
-- replaced (schedule, command, database), as pg_cron's insert ... on conflict does
create or replace function cron.schedule_in_database(job_name text, schedule text, command text, database text, username text default null, active boolean default 'true')
returns bigint
language plpgsql
set search_path = ''
as $$
declare
  id bigint;
  runs_as text := coalesce($5, current_user);
begin
  if $1 is null then
    raise exception 'job_name can not be NULL';
  elsif $2 is null then
    raise exception 'schedule can not be NULL';
  elsif $3 is null then
    raise exception 'command can not be NULL';
  end if;
  perform cron.assert_schedule($2);
  if $5 is not null then
    if not (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user) then
      raise exception 'must be superuser to create a job for another role';
    end if;
    if not exists (select 1 from pg_catalog.pg_roles r where r.rolname = $5) then
      raise exception 'role "%" does not exist', $5;
    elsif not (select r.rolcanlogin from pg_catalog.pg_roles r where r.rolname = $5) then
      raise exception 'role "%" can not log in', $5 using detail = 'Jobs may only be run by roles that have the LOGIN attribute.';
    end if;
  end if;
  if not pg_catalog.has_database_privilege(runs_as, coalesce($4, pg_catalog.current_database()), 'CONNECT') then
    raise exception 'User % does not have CONNECT privilege on %', runs_as, $4;
  end if;
  insert into cron.job (schedule, command, nodename, nodeport, database, username, active, jobname)
  values ($2, $3, 'localhost', pg_catalog.inet_server_port(), coalesce($4, pg_catalog.current_database()), runs_as, coalesce($6, true), $1)
  on conflict on constraint jobname_username_uniq
  do update set schedule = excluded.schedule, command = excluded.command, database = excluded.database
  returning jobid into id;
  return id;
end
$$;
comment on function cron.schedule_in_database(text, text, text, text, text, boolean) is 'schedule a pg_cron job';
revoke all on function cron.schedule_in_database(text, text, text, text, text, boolean) from public;

-- cron.schedule(job_name, schedule, command): a named job of the caller in this database; the same
-- name replaces the caller's job of that name
create or replace function cron.schedule(job_name text, schedule text, command text)
returns bigint
language sql
set search_path = ''
as $$
  select cron.schedule_in_database($1, $2, $3, pg_catalog.current_database(), null, true)
$$;
comment on function cron.schedule(text, text, text) is 'schedule a pg_cron job';

-- cron.unschedule(job_id): removes the job (its owner's, or any for whoever may delete from cron.job)
create or replace function cron.unschedule(job_id bigint)
returns boolean
language plpgsql strict
set search_path = ''
as $$
begin
  delete from cron.job where jobid = $1;
  if not found then
    raise exception 'could not find valid entry for job %', $1;
  end if;
  return true;
end
$$;
comment on function cron.unschedule(bigint) is 'unschedule a pg_cron job';

-- cron.unschedule(job_name): removes the caller's job of that name
create or replace function cron.unschedule(job_name text)
returns boolean
language plpgsql strict
set search_path = ''
as $$
begin
  delete from cron.job where jobname = $1 and username = current_user;
  if not found then
    raise exception 'could not find valid entry for job ''%''', $1;
  end if;
  return true;
end
$$;
comment on function cron.unschedule(text) is 'unschedule a pg_cron job';

-- cron.alter_job(job_id, ...): changes what is given (null leaves it), of the caller's job
create or replace function cron.alter_job(job_id bigint, schedule text default null, command text default null, database text default null, username text default null, active boolean default null)
returns void
language plpgsql
set search_path = ''
as $$
declare
  superuser boolean := (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user);
begin
  if $1 is null then
    raise exception 'job_id can not be NULL';
  end if;
  if $5 is not null and not superuser then
    raise exception 'must be superuser to alter username';
  end if;
  if $2 is not null then
    perform cron.assert_schedule($2);
  end if;
  if coalesce($2, $3, $4, $5) is null and $6 is null then
    raise exception 'no updates specified' using hint = 'You must specify at least one job attribute to change when calling alter_job';
  end if;
  update cron.job j
  set schedule = coalesce($2, j.schedule), command = coalesce($3, j.command), database = coalesce($4, j.database),
      username = coalesce($5, j.username), active = coalesce($6, j.active)
  where j.jobid = $1 and (superuser or j.username = current_user);
  if not found then
    raise exception 'Job % does not exist or you don''t own it', $1;
  end if;
end
$$;
comment on function cron.alter_job(bigint, text, text, text, text, boolean) is 'Alter the job identified by job_id. Any option left as NULL will not be modified.';
revoke all on function cron.alter_job(bigint, text, text, text, text, boolean) from public;
