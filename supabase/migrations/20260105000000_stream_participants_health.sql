-- The health checks of docs/stream-participants-spec.md (count drift, several hosts) plus the other
-- invariants of stream participants, as one function that the verify script, the tests and
-- operators call.

-- one row per broken invariant; no rows means healthy
create function public.stream_participants_health()
returns table (check_name text, stream_id uuid, detail text)
language plpgsql stable security definer set search_path = ''
as $$
begin
  -- participant_count differs from the rows
  return query
    select 'count_drift', wp.id, format('stored %s, actual %s', wp.participant_count, count(sp.id))
    from public.habitat_watch_parties wp
    left join public.stream_participants sp on sp.stream_id = wp.id
    group by wp.id, wp.participant_count
    having wp.participant_count <> count(sp.id);
  -- more than one host
  return query
    select 'multiple_hosts', sp.stream_id, format('%s hosts', count(*))
    from public.stream_participants sp
    where sp.is_host
    group by sp.stream_id
    having count(*) > 1;
  -- participants but no host
  return query
    select 'missing_host', sp.stream_id, format('%s participants, no host', count(*))
    from public.stream_participants sp
    group by sp.stream_id
    having not bool_or(sp.is_host);
  -- a participant who is not a member of the party's habitat
  return query
    select 'non_member_participant', sp.stream_id, format('user %s', sp.user_id)
    from public.stream_participants sp
    join public.habitat_watch_parties wp on wp.id = sp.stream_id
    where not exists (
      select 1 from public.habitat_members m where m.habitat_id = wp.habitat_id and m.user_id = sp.user_id
    );
end
$$;
comment on function public.stream_participants_health() is 'Broken stream participant invariants (count drift, several or no hosts, non-member participants); empty when healthy. service_role only.';

revoke all on function public.stream_participants_health() from public, anon, authenticated;
grant execute on function public.stream_participants_health() to service_role;
