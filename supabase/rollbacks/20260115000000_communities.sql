-- Rolls back supabase/migrations/20260115000000_communities.sql: invitations go (with every pending
-- and answered one), owners and moderators add members directly again, only owners change roles,
-- an owner never leaves, and parties are edited and deleted by their creator and the habitat's
-- owners and moderators as before. Memberships and parties stay. Safe to run twice.

-- the parties' policies as 20260102 made them
drop trigger if exists habitat_watch_parties_guard_change on public.habitat_watch_parties;
drop policy if exists "Creators, hosts and moderators edit watch parties" on public.habitat_watch_parties;
drop policy if exists "Creators and moderators delete watch parties nobody joined" on public.habitat_watch_parties;
drop policy if exists "Creators and moderators edit watch parties" on public.habitat_watch_parties;
drop policy if exists "Creators and moderators delete watch parties" on public.habitat_watch_parties;

-- the party's creator and the habitat's owners and moderators edit it
create policy "Creators and moderators edit watch parties" on public.habitat_watch_parties
  for update to authenticated
  using (created_by = (select auth.uid()) or private.has_habitat_role(habitat_id, array['owner', 'moderator']))
  with check (habitat_id = any (array(select private.user_habitat_ids())));

-- the party's creator and the habitat's owners and moderators delete it
create policy "Creators and moderators delete watch parties" on public.habitat_watch_parties
  for delete to authenticated
  using (created_by = (select auth.uid()) or private.has_habitat_role(habitat_id, array['owner', 'moderator']));

-- the memberships' policies as 20260101 made them
drop trigger if exists habitat_members_keep_owner on public.habitat_members;
drop trigger if exists habitats_enforce_quota on public.habitats;
drop policy if exists "Roles change below the changer's own" on public.habitat_members;
drop policy if exists "Members leave, owners and moderators remove those below them" on public.habitat_members;
drop policy if exists "Owners and moderators add members" on public.habitat_members;
drop policy if exists "Owners change member roles" on public.habitat_members;
drop policy if exists "Members leave, moderators remove members" on public.habitat_members;

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

grant insert on public.habitat_members to authenticated;

-- the functions the app called, the table, the helpers
drop function if exists public.get_my_habitat_invitations();
drop function if exists public.decline_habitat_invitation(uuid);
drop function if exists public.accept_habitat_invitation(uuid);
drop function if exists public.accept_habitat_invite_link(text);
drop function if exists public.get_habitat_invite_link(text);
drop function if exists public.revoke_habitat_invitation(uuid);
drop function if exists public.create_habitat_invite_link(uuid, timestamptz, integer);
drop function if exists public.invite_to_habitat(uuid, text);
drop function if exists private.guard_watch_party_change();
drop function if exists private.enforce_habitat_quota();
drop function if exists private.keep_habitat_owner();
drop function if exists private.own_email_invitation(uuid);
drop function if exists private.accept_invitation(uuid, uuid);
drop function if exists private.prepare_invitation(uuid);
drop table if exists public.habitat_invitations;
drop function if exists private.invite_token_hash(text);
drop function if exists private.caller_email();
drop function if exists private.caller_habitat_rank(uuid);
drop function if exists private.habitat_role_rank(text);

-- the Supabase CLI's record, so that `supabase db push` applies the migration again
do $$
begin
  if to_regclass('supabase_migrations.schema_migrations') is not null then
    delete from supabase_migrations.schema_migrations where version = '20260115000000';
  end if;
end
$$;
