-- Base habitats: profiles, habitats (communities) and their members. Everything else in the
-- product is visible only to members of the habitat it belongs to.

-- ============================================================================================
-- schemas
-- ============================================================================================

-- security definer helpers that policies call; PostgREST does not expose this schema
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- ============================================================================================
-- tables
-- ============================================================================================

-- public face of a user: one row per auth.users row, created by a trigger on sign-up
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 80),
  avatar_url text check (avatar_url is null or avatar_url ~ '^https?://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'Display name and avatar of each user, visible to the user and to members of habitats they share.';

-- a community whose members watch parties together
create table public.habitats (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  description text check (description is null or char_length(description) <= 2000),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now()
);
comment on table public.habitats is 'A community (habitat); only its members can see it.';

-- membership and role of a user in a habitat
create table public.habitat_members (
  habitat_id uuid not null references public.habitats (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'moderator', 'member')),
  joined_at timestamptz not null default now(),
  primary key (habitat_id, user_id)
);
comment on table public.habitat_members is 'Who belongs to which habitat, as owner, moderator or member.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- a user's habitats: behind every membership check in the policies
create index habitat_members_user_id_idx on public.habitat_members (user_id, habitat_id);
-- habitats.created_by cascades from auth.users
create index habitats_created_by_idx on public.habitats (created_by);

-- ============================================================================================
-- functions
-- ============================================================================================

-- the habitats the caller belongs to, without recursing into habitat_members' own policies.
-- Policies use it as `col = any (array(select private.user_habitat_ids()))`: it runs once per
-- statement (an InitPlan) and the array is an index condition, where `col in (select ...)` in a
-- policy would become a filter applied to every row of a sequential scan
-- (rows 10: a user belongs to a handful of habitats; the default estimate of 1000 would make the
-- planner hash whole tables instead of probing their indexes)
create function private.user_habitat_ids()
returns setof uuid
language sql stable security definer set search_path = ''
rows 10
as $$
  select habitat_id from public.habitat_members where user_id = (select auth.uid())
$$;

-- whether the caller holds one of `roles` in the habitat
create function private.has_habitat_role(p_habitat_id uuid, roles text[])
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.habitat_members
    where habitat_id = p_habitat_id and user_id = (select auth.uid()) and role = any (roles)
  )
$$;

-- whether the caller shares at least one habitat with `p_user_id` (who may then see their profile)
create function private.shares_habitat_with(p_user_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.habitat_members mine
    join public.habitat_members theirs on theirs.habitat_id = mine.habitat_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
  )
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to anon, authenticated, service_role;

-- a profile for every new user, named from sign-up metadata or the email's local part
create function public.handle_new_user()
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

-- the creator of a habitat becomes its owner
create function public.handle_new_habitat()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.habitat_members (habitat_id, user_id, role)
    values (new.id, new.created_by, 'owner')
    on conflict (habitat_id, user_id) do update set role = 'owner';
  end if;
  return new;
end
$$;

-- keeps profiles.updated_at true
create function public.touch_updated_at()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

revoke execute on function public.handle_new_user(), public.handle_new_habitat(), public.touch_updated_at() from public, anon, authenticated;

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

create trigger on_habitat_created
  after insert on public.habitats
  for each row execute function public.handle_new_habitat();

create trigger profiles_touch_updated_at
  before update on public.profiles
  for each row execute function public.touch_updated_at();

-- ============================================================================================
-- row level security
-- ============================================================================================

alter table public.profiles enable row level security;
alter table public.habitats enable row level security;
alter table public.habitat_members enable row level security;

-- a user sees their own profile and those of people they share a habitat with
create policy "Profiles are visible to habitat co-members" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or private.shares_habitat_with(id));

-- a user edits only their own profile
create policy "Users update their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- members see their habitats; so does its creator, who becomes its owner only in the after-insert
-- trigger, after `insert ... returning` (supabase-js's .insert().select()) has checked this policy
create policy "Members see their habitats" on public.habitats
  for select to authenticated
  using (id = any (array(select private.user_habitat_ids())) or created_by = (select auth.uid()));

-- any signed-in user may found a habitat, as themselves
create policy "Users create habitats" on public.habitats
  for insert to authenticated
  with check (created_by = (select auth.uid()));

-- owners edit their habitat
create policy "Owners update their habitat" on public.habitats
  for update to authenticated
  using (private.has_habitat_role(id, array['owner']))
  with check (private.has_habitat_role(id, array['owner']));

-- owners delete their habitat
create policy "Owners delete their habitat" on public.habitats
  for delete to authenticated
  using (private.has_habitat_role(id, array['owner']));

-- members see who else belongs to their habitats
create policy "Members see co-members" on public.habitat_members
  for select to authenticated
  using (habitat_id = any (array(select private.user_habitat_ids())));

-- owners and moderators add members (never as owner)
create policy "Owners and moderators add members" on public.habitat_members
  for insert to authenticated
  with check (role <> 'owner' and private.has_habitat_role(habitat_id, array['owner', 'moderator']));

-- owners change roles of other members (never to owner)
create policy "Owners change member roles" on public.habitat_members
  for update to authenticated
  using (user_id <> (select auth.uid()) and private.has_habitat_role(habitat_id, array['owner']))
  with check (role <> 'owner' and private.has_habitat_role(habitat_id, array['owner']));

-- members leave (an owner cannot, so a habitat keeps its owner); owners and moderators remove
-- members who are not owners
create policy "Members leave, moderators remove members" on public.habitat_members
  for delete to authenticated
  using (
    (user_id = (select auth.uid()) and role <> 'owner')
    or (role <> 'owner' and private.has_habitat_role(habitat_id, array['owner', 'moderator']))
  );

-- ============================================================================================
-- grants
-- ============================================================================================

revoke all on public.profiles, public.habitats, public.habitat_members from anon;
revoke truncate, references, trigger on public.profiles, public.habitats, public.habitat_members from authenticated, service_role;
revoke insert, update on public.profiles from authenticated;
grant update (display_name, avatar_url) on public.profiles to authenticated;
revoke update on public.habitats from authenticated;
grant update (name, description) on public.habitats to authenticated;
revoke update on public.habitat_members from authenticated;
grant update (role) on public.habitat_members to authenticated;
