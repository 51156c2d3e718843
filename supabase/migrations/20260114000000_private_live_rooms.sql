-- Private live rooms: Realtime Authorization and broadcast from the database.
--
-- Every live channel of the app is private. Who may hear a topic is decided by RLS on
-- realtime.messages, which Supabase Realtime probes when a client joins (and again when the client
-- pushes a new access token):
--   party:<partyId>      members of the party's habitat hear it and are present in it;
--   habitat:<habitatId>  its members hear it (the dashboard's counts and parties);
--   user:<userId>        only that user hears it.
-- Nobody sends client broadcasts on these topics: the database does, from SECURITY DEFINER trigger
-- functions, carrying what the UI shows so that no client refetches per event. A topic carries only
-- what every reader of it may see under the tables' own policies.
--
-- Rollback: supabase/rollbacks/20260114000000_private_live_rooms.sql drops what this adds.

-- ============================================================================================
-- topic helpers
-- ============================================================================================

-- whether the caller may hear `p_topic`; a topic of another shape is simply refused. Parsed once
-- per statement: the policies call it with `(select realtime.topic())`, an init plan.
create function private.can_hear_topic(p_topic text)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  kind text;
  topic_id uuid;
begin
  if p_topic is null
     or p_topic !~ '^(party|habitat|user):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return false;
  end if;
  kind := split_part(p_topic, ':', 1);
  topic_id := split_part(p_topic, ':', 2)::uuid;
  if kind = 'user' then
    return topic_id = (select auth.uid());
  elsif kind = 'habitat' then
    return exists (
      select 1 from public.habitat_members m where m.habitat_id = topic_id and m.user_id = (select auth.uid())
    );
  end if;
  return private.can_access_watch_party(topic_id);
end
$$;

-- the members of a habitat with their names, for its members only (empty for anyone else): the
-- room shows presence only for keys that are members, named from here, never from presence payloads
create function public.get_habitat_members(p_habitat_id uuid)
returns table (user_id uuid, display_name text, avatar_url text, role text, joined_at timestamp with time zone)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.habitat_members me where me.habitat_id = p_habitat_id and me.user_id = (select auth.uid())
  ) then
    return;
  end if;
  return query
  select m.user_id, p.display_name, p.avatar_url, m.role, m.joined_at
  from public.habitat_members m
  left join public.profiles p on p.id = m.user_id
  where m.habitat_id = p_habitat_id
  order by m.joined_at, m.user_id;
end
$$;
comment on function public.get_habitat_members(uuid) is 'The members of a habitat with their names and roles, for its members only.';
revoke execute on function public.get_habitat_members(uuid) from public, anon;
grant execute on function public.get_habitat_members(uuid) to authenticated, service_role;

-- ============================================================================================
-- policies on realtime.messages
-- ============================================================================================

-- hearing a room: broadcast and presence of the topics the caller may hear
create policy "members hear their live rooms"
  on realtime.messages for select to authenticated
  using ((select private.can_hear_topic((select realtime.topic()))));

-- being present in a party's room (presence track); no client broadcast on any app topic
create policy "members are present in their party rooms"
  on realtime.messages for insert to authenticated
  with check (
    extension = 'presence'
    and (select realtime.topic()) like 'party:%'
    and (select private.can_hear_topic((select realtime.topic())))
  );

-- ============================================================================================
-- broadcasts from the database
-- ============================================================================================

-- a join, with the participant as the list shows it, to the party's room
create function private.broadcast_participant_joined()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  profile record;
begin
  select p.display_name, p.avatar_url into profile from public.profiles p where p.id = new.user_id;
  perform realtime.send(
    jsonb_build_object('participant', jsonb_build_object(
      'participantId', new.id,
      'userId', new.user_id,
      'displayName', profile.display_name,
      'avatarUrl', profile.avatar_url,
      'isHost', new.is_host,
      'joinedAt', new.joined_at
    )),
    'participant_joined',
    'party:' || new.stream_id
  );
  return null;
end
$$;

-- a leave or a removal, to the party's room
create function private.broadcast_participant_left()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform realtime.send(
    jsonb_build_object('participantId', old.id, 'userId', old.user_id),
    'participant_left',
    'party:' || old.stream_id
  );
  return null;
end
$$;

-- a host handover to the party's room; a reminder change to its owner only
create function private.broadcast_participant_changed()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.is_host is distinct from old.is_host then
    perform realtime.send(
      jsonb_build_object('participantId', new.id, 'userId', new.user_id, 'isHost', new.is_host),
      'participant_changed',
      'party:' || new.stream_id
    );
  end if;
  if new.reminder_enabled is distinct from old.reminder_enabled then
    perform realtime.send(
      jsonb_build_object('partyId', new.stream_id, 'reminderEnabled', new.reminder_enabled),
      'reminder_changed',
      'user:' || new.user_id
    );
  end if;
  return null;
end
$$;

-- a party created, changed (count, status, schedule, media) or deleted: its row, as
-- realtime.broadcast_changes shapes it, to the habitat's dashboard and (but a creation) the room
create function private.broadcast_party_changed()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  party public.habitat_watch_parties := coalesce(new, old);
begin
  if tg_op = 'UPDATE' and new is not distinct from old then
    return null;
  end if;
  perform realtime.broadcast_changes(
    'habitat:' || party.habitat_id, 'party_changed', tg_op, tg_table_name, tg_table_schema, new, old
  );
  if tg_op <> 'INSERT' then
    perform realtime.broadcast_changes(
      'party:' || party.id, 'party_changed', tg_op, tg_table_name, tg_table_schema, new, old
    );
  end if;
  return null;
end
$$;

-- ============================================================================================
-- triggers (after-triggers fire in name order: "broadcast" before "count", so a room hears the
-- join or leave before the count that follows it)
-- ============================================================================================

create trigger stream_participants_broadcast_join
  after insert on public.stream_participants
  for each row execute function private.broadcast_participant_joined();

create trigger stream_participants_broadcast_leave
  after delete on public.stream_participants
  for each row execute function private.broadcast_participant_left();

create trigger stream_participants_broadcast_change
  after update of is_host, reminder_enabled on public.stream_participants
  for each row execute function private.broadcast_participant_changed();

create trigger habitat_watch_parties_broadcast
  after insert or update or delete on public.habitat_watch_parties
  for each row execute function private.broadcast_party_changed();
