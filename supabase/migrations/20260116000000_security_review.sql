-- Security review: what one user may create, what an error tells a stranger, and what a display
-- name may hold.
--
-- 1. Quotas on watch parties. One request inserted 300 parties: a signed-in user now schedules at
--    most 20 parties an hour (a bulk insert counts every row it inserts), and a habitat holds at most
--    50 parties scheduled ahead. Racing requests take the same advisory locks (the caller, then each
--    habitat, in one order), so two transactions at the limit never both pass. A refusal is SQLSTATE
--    PT429, which PostgREST answers as 429 Too Many Requests. Only signed-in users are counted: the
--    service role and direct connections are operators.
-- 2. No existence oracle. A join of a party that does not exist and a join by a non-member are
--    refused alike (42501, the same sentence); transfer_stream_host checks access before it locks the
--    party, so a stranger neither waits on nor locks another habitat's party.
-- 3. Display names. Stored NFC, trimmed, blanks collapsed; never empty and never holding control,
--    format (zero-width, bidirectional override and isolate), line-separator or blank characters.
--    A profile edit with such a name is refused (23514); a sign-up is never refused for its name:
--    handle_new_user cleans it, or falls back to the email's local part, then to "Member".
--
-- Rollback: supabase/rollbacks/20260116000000_security_review.sql.

-- ============================================================================================
-- tables
-- ============================================================================================

-- the parties each user scheduled in the last hour (deleted parties count too: creating and
-- deleting does not reset the quota); older rows are pruned by the quota check itself
create table private.watch_party_creations (
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  parties integer not null check (parties > 0)
);
comment on table private.watch_party_creations is 'Parties each user scheduled, per statement, in the last hour: the hourly quota''s count.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- a user's creations in the last hour: the quota check's count and prune
create index watch_party_creations_user_idx on private.watch_party_creations (user_id, created_at);

-- ============================================================================================
-- functions: quotas on watch parties
-- ============================================================================================

-- the advisory lock key of a quota's subject (`kind` is 'user' or 'habitat'); every check takes
-- its locks in the order of these keys, so racing transactions queue and never deadlock
create function private.watch_party_quota_key(p_kind text, p_id uuid)
returns bigint
language sql immutable parallel safe set search_path = ''
as $$
  select hashtextextended('watch party quota ' || p_kind || ' ' || p_id::text, 0)
$$;

-- refuses a party that would give habitat `p_habitat_id` more than 50 parties scheduled ahead
-- (starting later, neither ended nor cancelled); the caller holds the habitat's quota lock
create function private.check_scheduled_ahead(p_habitat_id uuid)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  most constant integer := 50;
begin
  if (
    select count(*) from public.habitat_watch_parties
    where habitat_id = p_habitat_id and status in ('scheduled', 'live') and scheduled_start > now()
  ) > most then
    raise exception 'this habitat already has % watch parties scheduled ahead', most
      using errcode = 'PT429', hint = 'Cancel one, or wait until one has started.';
  end if;
end
$$;

-- after an insert statement on habitat_watch_parties: the caller's hourly quota (20 parties,
-- however many statements or rows) and each habitat's parties scheduled ahead, under the locks
create function private.enforce_watch_party_quotas()
returns trigger
language plpgsql volatile security definer set search_path = ''
as $$
declare
  most_an_hour constant integer := 20;
  caller uuid := (select auth.uid());
  inserted integer;
  target record;
begin
  select count(*) into inserted from new_parties;
  if (select auth.role()) is distinct from 'authenticated' or caller is null or inserted = 0 then
    return null;
  end if;
  -- the caller's lock first, then the habitats' in key order (read committed: every statement
  -- below sees what a transaction that held these locks before us committed)
  perform pg_advisory_xact_lock(private.watch_party_quota_key('user', caller));
  delete from private.watch_party_creations where user_id = caller and created_at <= now() - interval '1 hour';
  insert into private.watch_party_creations (user_id, parties) values (caller, inserted);
  if (select sum(parties) from private.watch_party_creations where user_id = caller) > most_an_hour then
    raise exception 'you can schedule at most % watch parties an hour', most_an_hour
      using errcode = 'PT429', hint = 'Try again later.';
  end if;
  for target in
    select distinct p.habitat_id, private.watch_party_quota_key('habitat', p.habitat_id) as key
    from new_parties p
    where p.status in ('scheduled', 'live') and p.scheduled_start > now()
    order by key
  loop
    perform pg_advisory_xact_lock(target.key);
    perform private.check_scheduled_ahead(target.habitat_id);
  end loop;
  return null;
end
$$;

-- after an update that brings a party back ahead (rescheduled into the future, or un-cancelled):
-- the habitat's parties scheduled ahead, under its lock
create function private.enforce_scheduled_ahead_quota()
returns trigger
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'authenticated' then
    return null;
  end if;
  perform pg_advisory_xact_lock(private.watch_party_quota_key('habitat', new.habitat_id));
  perform private.check_scheduled_ahead(new.habitat_id);
  return null;
end
$$;

-- ============================================================================================
-- functions: display names
-- ============================================================================================

-- the characters a display name may not hold, as a regular expression: controls (Cc), format
-- characters (Cf: soft hyphen, zero-width characters, bidirectional marks, overrides and isolates,
-- invisible operators, tags...), line and paragraph separators, and letters that show as nothing
-- (Hangul fillers, the blank braille pattern)
create function private.display_name_refused_characters()
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select '[\u0001-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e'
      || '\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb'
      || '\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a'
      || '\U000e0001\U000e0020-\U000e007f]'
$$;

-- a display name as stored: NFC, every run of spaces (any Unicode space separator) one space, trimmed
create function private.normalize_display_name(p_name text)
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select btrim(regexp_replace(normalize(p_name, nfc), '[\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+', ' ', 'g'), ' ')
$$;

-- whether `p_name` is a display name as stored: normalized, 1 to 80 characters, none refused
create function private.is_valid_display_name(p_name text)
returns boolean
language sql immutable parallel safe set search_path = ''
as $$
  select p_name = private.normalize_display_name(p_name)
     and char_length(p_name) between 1 and 80
     and p_name !~ private.display_name_refused_characters()
$$;

-- a valid display name made from untrusted text (sign-up metadata), or null when nothing is left:
-- line breaks and tabs become spaces, refused characters go, then normalized and cut to 80
create function private.sanitize_display_name(p_name text)
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select nullif(private.normalize_display_name(left(private.normalize_display_name(
    regexp_replace(
      regexp_replace(left(p_name, 1000), '[\u0009-\u000d\u0085\u2028\u2029]', ' ', 'g'),
      private.display_name_refused_characters(), '', 'g')
  ), 80)), '')
$$;

-- before a profile's display name is written: normalizes it, and refuses it with a sentence a
-- person can act on (the check constraint below holds whatever happens)
create function private.normalize_profile_display_name()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.display_name := private.normalize_display_name(new.display_name);
  if new.display_name ~ private.display_name_refused_characters() then
    raise exception 'a display name cannot contain control, invisible or text-direction characters'
      using errcode = 'check_violation';
  end if;
  if char_length(new.display_name) not between 1 and 80 then
    raise exception 'a display name needs 1 to 80 visible characters' using errcode = 'check_violation';
  end if;
  return new;
end
$$;

-- a profile for every new user, named from sign-up metadata (cleaned) or the email's local part;
-- a bad name never fails the sign-up
create or replace function public.handle_new_user()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name, avatar_url)
  values (
    new.id,
    coalesce(
      private.sanitize_display_name(new.raw_user_meta_data ->> 'display_name'),
      private.sanitize_display_name(new.raw_user_meta_data ->> 'full_name'),
      private.sanitize_display_name(split_part(coalesce(new.email, ''), '@', 1)),
      'Member'
    ),
    case when new.raw_user_meta_data ->> 'avatar_url' ~ '^https?://' then new.raw_user_meta_data ->> 'avatar_url' end
  );
  return new;
end
$$;

-- ============================================================================================
-- functions: the same answer for "does not exist" and "not yours"
-- ============================================================================================

-- before insert on stream_participants: as before (membership and party locked by one statement,
-- membership first), but a party that does not exist is refused like one of another habitat
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

-- hands the host role over; access is checked before the party's lock is taken, so a stranger's
-- call neither waits on nor holds a lock of a party they cannot see
create or replace function public.transfer_stream_host(p_stream_id uuid, p_new_host_user_id uuid)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    raise exception 'sign in to manage a watch party' using errcode = 'insufficient_privilege';
  end if;
  -- same lock order as joins and leaves: the party, then its participant rows
  if not private.can_access_watch_party(p_stream_id) or not private.lock_watch_party(p_stream_id) then
    raise exception 'watch party not found' using errcode = 'PT404';
  end if;
  if not private.is_watch_party_host(p_stream_id) then
    raise exception 'only the host can hand over the host role' using errcode = 'insufficient_privilege';
  end if;
  if p_new_host_user_id = caller then
    return;
  end if;
  if not exists (select 1 from public.stream_participants where stream_id = p_stream_id and user_id = p_new_host_user_id) then
    raise exception 'the new host must be a participant of this watch party' using errcode = 'PT404';
  end if;
  update public.stream_participants set is_host = false where stream_id = p_stream_id and user_id = caller;
  update public.stream_participants set is_host = true where stream_id = p_stream_id and user_id = p_new_host_user_id;
end
$$;

-- ============================================================================================
-- data: names stored before this migration are cleaned like sign-up names
-- ============================================================================================

update public.profiles
  set display_name = coalesce(private.sanitize_display_name(display_name), 'Member')
  where not private.is_valid_display_name(display_name);

-- ============================================================================================
-- constraints
-- ============================================================================================

-- whatever writes a profile, its name is clean
alter table public.profiles
  add constraint profiles_display_name_valid check (private.is_valid_display_name(display_name));

-- ============================================================================================
-- triggers
-- ============================================================================================

-- a user's hourly quota and the habitats' parties scheduled ahead, once per insert statement
create trigger habitat_watch_parties_quotas
  after insert on public.habitat_watch_parties
  referencing new table as new_parties
  for each statement execute function private.enforce_watch_party_quotas();

-- a party brought back ahead counts against its habitat's parties scheduled ahead
create trigger habitat_watch_parties_scheduled_ahead_quota
  after update of scheduled_start, status on public.habitat_watch_parties
  for each row
  when (
    new.status in ('scheduled', 'live') and new.scheduled_start > now()
    and not (old.status in ('scheduled', 'live') and old.scheduled_start > now())
  )
  execute function private.enforce_scheduled_ahead_quota();

-- display names are normalized and checked wherever they are written
create trigger profiles_normalize_display_name
  before insert or update of display_name on public.profiles
  for each row execute function private.normalize_profile_display_name();

-- ============================================================================================
-- row level security
-- ============================================================================================

-- no policies: only the quota check (security definer, the table's owner) reads and writes it
alter table private.watch_party_creations enable row level security;

-- ============================================================================================
-- grants
-- ============================================================================================

revoke all on private.watch_party_creations from public, anon, authenticated, service_role;
revoke all on function
  private.watch_party_quota_key(text, uuid), private.check_scheduled_ahead(uuid),
  private.enforce_watch_party_quotas(), private.enforce_scheduled_ahead_quota(),
  private.display_name_refused_characters(), private.normalize_display_name(text),
  private.is_valid_display_name(text), private.sanitize_display_name(text),
  private.normalize_profile_display_name()
  from public, anon, authenticated, service_role;
-- the profile's check constraint and trigger run as whoever writes the profile
grant execute on function
  private.display_name_refused_characters(), private.normalize_display_name(text), private.is_valid_display_name(text)
  to authenticated, service_role;
