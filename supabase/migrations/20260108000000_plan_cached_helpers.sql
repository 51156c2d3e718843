-- The membership helpers behind every policy, rewritten in PL/pgSQL with the same meaning.
-- A SECURITY DEFINER function in SQL is never inlined, and Postgres 17 parses and plans its body
-- again in every statement that calls it; PL/pgSQL keeps each statement's plan for the session.
-- Policies call these helpers in every API request and realtime checks them once per subscriber
-- and change, so the saved planning is most of a policy's cost (measured: 290 µs → 80 µs per
-- realtime check; see docs/BENCHMARKS.md).

-- the habitats the caller belongs to (policies wrap it in `array(select ...)`, an index condition)
create or replace function private.user_habitat_ids()
returns setof uuid
language plpgsql stable security definer set search_path = ''
rows 10
as $$
begin
  return query select m.habitat_id from public.habitat_members m where m.user_id = (select auth.uid());
end
$$;

-- whether the caller holds one of `roles` in the habitat
create or replace function private.has_habitat_role(p_habitat_id uuid, roles text[])
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.habitat_members m
    where m.habitat_id = p_habitat_id and m.user_id = (select auth.uid()) and m.role = any (roles)
  );
end
$$;

-- whether the caller shares at least one habitat with `p_user_id` (who may then see their profile)
create or replace function private.shares_habitat_with(p_user_id uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.habitat_members mine
    join public.habitat_members theirs on theirs.habitat_id = mine.habitat_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
  );
end
$$;

-- whether the caller belongs to the habitat of the party
create or replace function private.can_access_watch_party(p_party_id uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.habitat_watch_parties p
    join public.habitat_members m on m.habitat_id = p.habitat_id
    where p.id = p_party_id and m.user_id = (select auth.uid())
  );
end
$$;

-- whether the caller hosts the party now (volatile: reads after the party lock, not the statement's snapshot)
create or replace function private.is_watch_party_host(p_party_id uuid)
returns boolean
language plpgsql volatile security definer set search_path = ''
as $$
begin
  return exists (
    select 1 from public.stream_participants sp
    where sp.stream_id = p_party_id and sp.user_id = (select auth.uid()) and sp.is_host
  );
end
$$;

-- the participants of a party in join order, with display names; empty for non-members
create or replace function public.get_stream_participants(p_stream_id uuid)
returns table (
  participant_id uuid,
  user_id uuid,
  display_name text,
  avatar_url text,
  is_host boolean,
  joined_at timestamp with time zone
)
language plpgsql stable security definer set search_path = ''
as $$
begin
  return query
  select sp.id, sp.user_id, pr.display_name, pr.avatar_url, sp.is_host, sp.joined_at
  from public.stream_participants sp
  left join public.profiles pr on pr.id = sp.user_id
  where sp.stream_id = p_stream_id
    and ((select auth.role()) = 'service_role' or private.can_access_watch_party(p_stream_id))
  order by sp.joined_at, sp.id;
end
$$;
