-- Watch together: the host's player drives everyone's, and the room can talk.
--
-- Playback. A party's playback state (a position at a moment of the server's clock, playing or
-- paused, the rate, who set it, a revision) is a row of public.party_playback. Only the current
-- host writes it, through set_party_playback(), which takes the party's row lock first (the lock
-- joins, leaves and host handovers take) and then checks the host flag: two hosts can never both
-- write, and a host who has just handed over (or left) is refused. A trigger broadcasts every
-- committed change to the party's private topic party:<partyId>.
--
-- Why database state + a broadcast trigger, and not host-only client broadcasts (an INSERT policy on
-- realtime.messages checking the host flag):
--   * the state must outlive everyone leaving, so it is written to the database anyway; one write
--     path means the check and the state change are one transaction, and what the room hears is
--     exactly what was committed, in commit order (the revision orders it on every client);
--   * Realtime evaluates the policies on realtime.messages when a client joins a channel (and on a
--     token refresh), not per message: a host who hands over would keep the right to broadcast
--     until they rejoin, so "only the current host drives" could not hold;
--   * nobody may send client broadcasts on the app's topics (20260114): that rule stays whole, and
--     a non-host's forged broadcast is refused by realtime like any other.
-- Host writes are rare (play, pause, seek, rate, a re-anchor when the host's own player drifts);
-- between them every client computes the position from the state and the server's clock, which it
-- measures with server_time() (NTP-style: several samples, the one with the smallest round trip).
-- When the last participant leaves, a playing party is paused where it stands, so that coming
-- back later resumes where everyone left rather than hours further on.
--
-- Chat. public.party_messages: members of the party's habitat read; participants write as
-- themselves; authors (still members) edit and delete their own; the party's host and the
-- habitat's owners and moderators delete any. The body is trimmed by the database and must be 1 to
-- 500 characters without control or bidirectional override characters. A participant sends at most
-- 5 messages per 10 seconds in a party: the sends are counted in private.party_message_sends (a row
-- per sender and party, locked while counting, so concurrent sends queue and deleting messages does
-- not reset the count); the refusal is SQLSTATE PT429, which PostgREST answers as 429. Messages,
-- edits and deletions are broadcast to party:<partyId> with the author's name.
--
-- Rollback: supabase/rollbacks/20260118000000_watch_together.sql drops what this adds.

-- ============================================================================================
-- tables
-- ============================================================================================

-- where a party's playback stands: `position_seconds` at the server's `position_at`, advancing at
-- `playback_rate` while `is_playing`; written only by set_party_playback() (the current host)
create table public.party_playback (
  party_id uuid primary key references public.habitat_watch_parties (id) on delete cascade,
  position_seconds double precision not null default 0
    constraint party_playback_position_range check (position_seconds >= 0 and position_seconds <= 604800),
  position_at timestamptz not null default clock_timestamp(),
  is_playing boolean not null default false,
  playback_rate double precision not null default 1
    constraint party_playback_rate_range check (playback_rate >= 0.25 and playback_rate <= 4),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default clock_timestamp(),
  revision bigint not null default 1
);
comment on table public.party_playback is 'Playback state of a watch party (position at a server time, playing, rate, who set it); members read it, only the current host writes it, through set_party_playback().';
comment on column public.party_playback.position_at is 'The server time at which the media stood at position_seconds.';
comment on column public.party_playback.revision is 'Grows by one with every change; clients ignore a state older than the one they hold.';

-- a party's chat messages
create table public.party_messages (
  id uuid primary key default gen_random_uuid(),
  party_id uuid not null references public.habitat_watch_parties (id) on delete cascade,
  author_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  body text not null
    constraint party_messages_body_length check (char_length(body) between 1 and 500)
    constraint party_messages_body_characters check (body !~ '[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]'),
  created_at timestamptz not null default clock_timestamp(),
  edited_at timestamptz
);
comment on table public.party_messages is 'Chat messages of a watch party: members of its habitat read them, participants write their own.';
comment on column public.party_messages.body is 'Trimmed text, 1 to 500 characters, no control or bidirectional override characters.';
comment on column public.party_messages.edited_at is 'When the author last changed the body; null if never.';

-- recent sends per sender and party, for the chat's rate limit (never exposed)
create table private.party_message_sends (
  party_id uuid not null references public.habitat_watch_parties (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  sent_at timestamptz[] not null default '{}',
  primary key (party_id, user_id)
);
revoke all on private.party_message_sends from public, anon, authenticated, service_role;

-- ============================================================================================
-- indexes
-- ============================================================================================

-- the newest messages of a party, and older pages by keyset (created_at, id)
create index party_messages_party_created_idx on public.party_messages (party_id, created_at, id);
-- party_messages.author_id cascades from profiles
create index party_messages_author_id_idx on public.party_messages (author_id);
-- party_playback.updated_by is set null when its user goes
create index party_playback_updated_by_idx on public.party_playback (updated_by);
-- party_message_sends.user_id cascades from auth.users
create index party_message_sends_user_id_idx on private.party_message_sends (user_id);

-- ============================================================================================
-- helpers
-- ============================================================================================

-- whether the caller participates in the party (who may chat in it)
create function private.is_watch_party_participant(p_party_id uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.stream_participants sp where sp.stream_id = p_party_id and sp.user_id = (select auth.uid())
  );
end
$$;

-- whether the caller may delete anyone's message in the party: its host, or an owner or
-- moderator of its habitat
create function private.can_moderate_watch_party(p_party_id uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.stream_participants sp
    where sp.stream_id = p_party_id and sp.user_id = (select auth.uid()) and sp.is_host
  ) or exists (
    select 1
    from public.habitat_watch_parties p
    join public.habitat_members m on m.habitat_id = p.habitat_id
    where p.id = p_party_id and m.user_id = (select auth.uid()) and m.role in ('owner', 'moderator')
  );
end
$$;

-- a playback row as the room hears it (the broadcast and get_party_playback() share it);
-- times in epoch milliseconds, which every client reads without parsing
create function private.playback_json(p public.party_playback)
returns jsonb
language sql immutable set search_path = ''
as $$
  select jsonb_build_object(
    'partyId', p.party_id,
    'positionSeconds', p.position_seconds,
    'positionAt', (extract(epoch from p.position_at) * 1000)::double precision,
    'isPlaying', p.is_playing,
    'playbackRate', p.playback_rate,
    'updatedBy', p.updated_by,
    'updatedAt', (extract(epoch from p.updated_at) * 1000)::double precision,
    'revision', p.revision
  )
$$;

-- ============================================================================================
-- functions the API exposes
-- ============================================================================================

-- the server's clock in epoch milliseconds: clients estimate their offset from it (NTP-style)
create function public.server_time()
returns double precision
language sql volatile set search_path = ''
as $$
  select (extract(epoch from clock_timestamp()) * 1000)::double precision
$$;
comment on function public.server_time() is 'The database server''s clock, in milliseconds since the epoch, for clients to estimate their clock offset.';

-- a party's playback state, or null when none was set yet or the caller may not see the party
create function public.get_party_playback(p_party_id uuid)
returns jsonb
language sql stable set search_path = ''
as $$
  select private.playback_json(p) from public.party_playback p where p.party_id = p_party_id
$$;
comment on function public.get_party_playback(uuid) is 'The playback state of a watch party as its room hears it; null when never set or not visible to the caller.';

-- the current host sets the party's playback; `p_at` is the server time (as the host estimates it)
-- at which the media stood at `p_position`, kept within the last 5 seconds of the server's clock
create function public.set_party_playback(
  p_party_id uuid,
  p_position double precision,
  p_playing boolean,
  p_rate double precision default 1,
  p_at timestamptz default null
)
returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  now_ timestamptz := clock_timestamp();
  saved public.party_playback;
begin
  if caller is null then
    raise exception 'sign in to control playback' using errcode = 'insufficient_privilege';
  end if;
  if p_position is null or not (p_position >= 0 and p_position <= 604800) then
    raise exception 'the position must be between 0 and 604800 seconds' using errcode = 'invalid_parameter_value';
  end if;
  if p_playing is null then
    raise exception 'say whether the media plays' using errcode = 'invalid_parameter_value';
  end if;
  if p_rate is null or not (p_rate >= 0.25 and p_rate <= 4) then
    raise exception 'the playback rate must be between 0.25 and 4' using errcode = 'invalid_parameter_value';
  end if;
  -- same lock as joins, leaves and handovers: whoever holds the host flag after them decides
  if not private.lock_watch_party(p_party_id) or not private.can_access_watch_party(p_party_id) then
    raise exception 'watch party not found' using errcode = 'PT404';
  end if;
  if not private.is_watch_party_host(p_party_id) then
    raise exception 'only the host controls playback' using errcode = 'insufficient_privilege';
  end if;
  insert into public.party_playback as pb (party_id, position_seconds, position_at, is_playing, playback_rate, updated_by, updated_at)
  values (
    p_party_id, p_position, least(now_, greatest(coalesce(p_at, now_), now_ - interval '5 seconds')),
    p_playing, p_rate, caller, now_
  )
  on conflict (party_id) do update set
    position_seconds = excluded.position_seconds,
    position_at = excluded.position_at,
    is_playing = excluded.is_playing,
    playback_rate = excluded.playback_rate,
    updated_by = excluded.updated_by,
    updated_at = excluded.updated_at,
    revision = pb.revision + 1
  returning * into saved;
  return private.playback_json(saved);
end
$$;
comment on function public.set_party_playback(uuid, double precision, boolean, double precision, timestamptz) is 'The current host of a watch party sets its playback (position at a server time, playing, rate).';

-- a page of a party's messages with their authors' names, newest first: the newest `p_limit`, or
-- those before (p_before_created_at, p_before_id) for older pages; empty for non-members
create function public.get_party_messages(
  p_party_id uuid,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
)
returns table (id uuid, party_id uuid, author_id uuid, author_name text, body text, created_at timestamptz, edited_at timestamptz)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'ask for 1 to 100 messages' using errcode = 'invalid_parameter_value';
  end if;
  if (p_before_created_at is null) <> (p_before_id is null) then
    raise exception 'an older page needs both the time and the id of the oldest message shown' using errcode = 'invalid_parameter_value';
  end if;
  if not ((select auth.role()) = 'service_role' or private.can_access_watch_party(p_party_id)) then
    return;
  end if;
  return query
  select m.id, m.party_id, m.author_id, coalesce(pr.display_name, 'Member'), m.body, m.created_at, m.edited_at
  from public.party_messages m
  left join public.profiles pr on pr.id = m.author_id
  where m.party_id = p_party_id
    and (p_before_created_at is null or (m.created_at, m.id) < (p_before_created_at, p_before_id))
  order by m.created_at desc, m.id desc
  limit p_limit;
end
$$;
comment on function public.get_party_messages(uuid, timestamptz, uuid, integer) is 'A page of a watch party''s chat, newest first, with authors'' names; for members of its habitat.';

-- ============================================================================================
-- trigger functions
-- ============================================================================================

-- a message's body as the database keeps it: trimmed (the whitespace JavaScript's trim() removes),
-- 1 to 500 characters, no control or bidirectional override characters; an edit is stamped
create function private.prepare_party_message()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.body := regexp_replace(
    new.body,
    '^[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g'
  );
  if char_length(new.body) = 0 then
    raise exception 'write a message first' using errcode = 'check_violation';
  end if;
  if char_length(new.body) > 500 then
    raise exception 'keep messages to 500 characters' using errcode = 'check_violation';
  end if;
  if new.body ~ '[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]' then
    raise exception 'messages cannot contain control or text-direction characters' using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' then
    if new.body is distinct from old.body then
      new.edited_at := clock_timestamp();
    end if;
  end if;
  return new;
end
$$;

-- the chat's rate limit: at most 5 sends per sender and party in 10 seconds; the sender's row is
-- locked while counting, so concurrent sends queue; refused with PT429 (PostgREST: 429)
create function private.limit_party_message_rate()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  now_ timestamptz := clock_timestamp();
  accepted boolean;
begin
  insert into private.party_message_sends as s (party_id, user_id, sent_at)
  values (new.party_id, new.author_id, array[now_])
  on conflict (party_id, user_id) do update
    set sent_at = array(select t from unnest(s.sent_at) t where t > now_ - interval '10 seconds' order by t) || now_
    where cardinality(array(select t from unnest(s.sent_at) t where t > now_ - interval '10 seconds')) < 5
  returning true into accepted;
  if accepted is null then
    raise exception 'you are sending messages too quickly: wait a few seconds'
      using errcode = 'PT429', hint = 'at most 5 messages per 10 seconds in a party';
  end if;
  return new;
end
$$;

-- a new, edited or deleted message, to the party's room (a deletion by the party's own deletion
-- is not: the room goes with it)
create function private.broadcast_party_message()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  author_name text;
begin
  if tg_op = 'INSERT' then
    select p.display_name into author_name from public.profiles p where p.id = new.author_id;
    perform realtime.send(
      jsonb_build_object('message', jsonb_build_object(
        'id', new.id,
        'partyId', new.party_id,
        'authorId', new.author_id,
        'authorName', coalesce(author_name, 'Member'),
        'body', new.body,
        'createdAt', new.created_at,
        'editedAt', new.edited_at
      )),
      'chat_message',
      'party:' || new.party_id
    );
  elsif tg_op = 'UPDATE' then
    if new.body is distinct from old.body then
      perform realtime.send(
        jsonb_build_object('id', new.id, 'partyId', new.party_id, 'body', new.body, 'editedAt', new.edited_at),
        'chat_message_edited',
        'party:' || new.party_id
      );
    end if;
  elsif exists (select 1 from public.habitat_watch_parties where id = old.party_id) then
    perform realtime.send(
      jsonb_build_object('id', old.id, 'partyId', old.party_id),
      'chat_message_deleted',
      'party:' || old.party_id
    );
  end if;
  return null;
end
$$;

-- a playback change, to the party's room
create function private.broadcast_playback_changed()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform realtime.send(private.playback_json(new), 'playback_changed', 'party:' || new.party_id);
  return null;
end
$$;

-- the last participant left: a playing party pauses where it stands (nobody drives it any more)
create function private.pause_abandoned_playback()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  now_ timestamptz := clock_timestamp();
begin
  if exists (select 1 from public.stream_participants where stream_id = old.stream_id) then
    return null;
  end if;
  update public.party_playback set
    position_seconds = least(604800, position_seconds + extract(epoch from now_ - position_at)::double precision * playback_rate),
    position_at = now_,
    is_playing = false,
    updated_by = null,
    updated_at = now_,
    revision = revision + 1
  where party_id = old.stream_id and is_playing;
  return null;
end
$$;

revoke all on function
  private.is_watch_party_participant(uuid), private.can_moderate_watch_party(uuid), private.playback_json(public.party_playback),
  private.prepare_party_message(), private.limit_party_message_rate(), private.broadcast_party_message(),
  private.broadcast_playback_changed(), private.pause_abandoned_playback()
from public;
grant execute on function
  private.is_watch_party_participant(uuid), private.can_moderate_watch_party(uuid), private.playback_json(public.party_playback)
to authenticated, service_role;

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger party_messages_prepare
  before insert or update of body on public.party_messages
  for each row execute function private.prepare_party_message();

-- after prepare (triggers fire in name order): a refused body is not counted as a send
create trigger party_messages_rate_limit
  before insert on public.party_messages
  for each row execute function private.limit_party_message_rate();

create trigger party_messages_broadcast
  after insert or update or delete on public.party_messages
  for each row execute function private.broadcast_party_message();

create trigger party_playback_broadcast
  after insert or update on public.party_playback
  for each row execute function private.broadcast_playback_changed();

create trigger stream_participants_pause_abandoned_playback
  after delete on public.stream_participants
  for each row when (old.is_host) execute function private.pause_abandoned_playback();

-- ============================================================================================
-- row level security and policies
-- ============================================================================================

alter table public.party_playback enable row level security;
alter table public.party_messages enable row level security;
alter table private.party_message_sends enable row level security;

-- the party lookup is itself under the parties' SELECT policy: visible exactly to its habitat's members
create policy "Members see their parties' playback" on public.party_playback
  for select to authenticated
  using (exists (select 1 from public.habitat_watch_parties p where p.id = party_id));

-- members of a party's habitat read its chat (the same party lookup)
create policy "Members read their parties' chat" on public.party_messages
  for select to authenticated
  using (exists (select 1 from public.habitat_watch_parties p where p.id = party_id));

-- participants post as themselves
create policy "Participants post as themselves" on public.party_messages
  for insert to authenticated
  with check (author_id = (select auth.uid()) and private.is_watch_party_participant(party_id));

-- authors who are still members edit their own messages
create policy "Authors edit their messages" on public.party_messages
  for update to authenticated
  using (author_id = (select auth.uid()) and private.can_access_watch_party(party_id))
  with check (author_id = (select auth.uid()));

-- authors who are still members delete their own; the host, owners and moderators delete any
create policy "Authors and moderators delete messages" on public.party_messages
  for delete to authenticated
  using ((author_id = (select auth.uid()) and private.can_access_watch_party(party_id)) or private.can_moderate_watch_party(party_id));

-- ============================================================================================
-- grants
-- ============================================================================================

revoke all on public.party_playback, public.party_messages from anon, authenticated, service_role;
grant select on public.party_playback to authenticated, service_role;
grant select, delete on public.party_messages to authenticated, service_role;
grant insert (party_id, author_id, body) on public.party_messages to authenticated, service_role;
grant update (body) on public.party_messages to authenticated, service_role;

revoke all on function public.server_time() from public, anon;
grant execute on function public.server_time() to authenticated, service_role;
revoke all on function public.get_party_playback(uuid) from public, anon;
grant execute on function public.get_party_playback(uuid) to authenticated, service_role;
revoke all on function public.set_party_playback(uuid, double precision, boolean, double precision, timestamptz) from public, anon;
grant execute on function public.set_party_playback(uuid, double precision, boolean, double precision, timestamptz) to authenticated;
revoke all on function public.get_party_messages(uuid, timestamptz, uuid, integer) from public, anon;
grant execute on function public.get_party_messages(uuid, timestamptz, uuid, integer) to authenticated, service_role;
