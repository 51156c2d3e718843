-- Rolls back supabase/migrations/20260116000000_security_review.sql: no quotas on watch parties,
-- display names checked for length only, and the join and host handover functions as the
-- migrations before it left them (names it cleaned stay cleaned). Then delete its row from
-- supabase_migrations.schema_migrations. Safe to run twice.
drop trigger if exists habitat_watch_parties_quotas on public.habitat_watch_parties;
drop trigger if exists habitat_watch_parties_scheduled_ahead_quota on public.habitat_watch_parties;
drop trigger if exists profiles_normalize_display_name on public.profiles;
alter table public.profiles drop constraint if exists profiles_display_name_valid;

-- a profile for every new user, named from sign-up metadata or the email's local part
create or replace function public.handle_new_user()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name, avatar_url)
  values (
    new.id,
    left(coalesce(
      nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
      nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
      nullif(split_part(coalesce(new.email, ''), '@', 1), ''),
      'Member'
    ), 80),
    case when new.raw_user_meta_data ->> 'avatar_url' ~ '^https?://' then new.raw_user_meta_data ->> 'avatar_url' end
  );
  return new;
end
$$;

-- the join trigger of 20260113: a party that does not exist is a foreign key violation
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
    if not exists (select 1 from public.habitat_watch_parties where id = new.stream_id) then
      raise exception 'watch party % does not exist', new.stream_id using errcode = 'foreign_key_violation';
    end if;
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

-- the host handover of 20260111: the party's lock first, then access
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
  if not private.lock_watch_party(p_stream_id) or not private.can_access_watch_party(p_stream_id) then
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

drop function if exists
  private.enforce_scheduled_ahead_quota(),
  private.enforce_watch_party_quotas(),
  private.check_scheduled_ahead(uuid),
  private.watch_party_quota_key(text, uuid),
  private.normalize_profile_display_name(),
  private.sanitize_display_name(text),
  private.is_valid_display_name(text),
  private.normalize_display_name(text),
  private.display_name_refused_characters();
drop table if exists private.watch_party_creations;
