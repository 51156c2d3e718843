-- Communities a newcomer can start and grow.
--
-- Membership by consent: nobody becomes a member of a habitat without accepting. Owners and
-- moderators invite by email address (an account that exists now or signs up later with that
-- address) or by link (a random token, stored only as its hash; optional expiry and use limit;
-- revocable). A pending invitation grants nothing: every membership check reads habitat_members,
-- which only an accepted invitation (or founding the habitat) writes. Members leave by themselves;
-- owners and moderators remove those below them; roles change only downward from the one who
-- changes them; a habitat always keeps an owner. One person owns at most 10 habitats.
--
-- Parties that can change: their creator (while still a member), their host and the habitat's
-- owners and moderators edit, reschedule and cancel them; a party is deleted only before anyone
-- joined; an ex-member's parties are out of their reach (an unfiltered update or delete does not
-- even reveal them).
--
-- Races: every change of a habitat's membership that could leave it without an owner queues on one
-- advisory lock per habitat; an acceptance locks the habitat's row (key share) before the invitation
-- (update), the order a habitat's deletion follows too, so two acceptances of a one-use link, an
-- acceptance and a revocation, or an acceptance and the habitat's deletion happen one after the
-- other and never deadlock.
--
-- Errors PostgREST answers with their own HTTP status: PT404 (not found, or not the caller's to
-- see), PT409 (a conflict: the last owner, an invitation already answered), PT410 (an invitation
-- revoked, expired or used up), PT429 (a quota).
--
-- Rollback: supabase/rollbacks/20260115000000_communities.sql.

-- ============================================================================================
-- tables
-- ============================================================================================

-- an invitation to a habitat: addressed to an email address, or a link for whoever holds its token
create table public.habitat_invitations (
  id uuid primary key default gen_random_uuid(),
  habitat_id uuid not null references public.habitats (id) on delete cascade,
  kind text not null check (kind in ('email', 'link')),
  email text,
  token_hash bytea unique,
  expires_at timestamptz,
  max_uses integer check (max_uses is null or max_uses between 1 and 1000),
  use_count integer not null default 0,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'revoked')),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  responded_at timestamptz,
  -- an email invitation names a lower-cased address and is answered once
  constraint habitat_invitations_email_shape check (
    (kind = 'email') = (email is not null)
    and (email is null or (email = lower(email) and char_length(email) <= 254 and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'))
  ),
  -- a link is a token's hash; it stays pending until revoked, and only a link expires or runs out
  constraint habitat_invitations_link_shape check (
    (kind = 'link') = (token_hash is not null)
    and (kind = 'link' or (expires_at is null and max_uses is null))
    and (kind = 'email' or status in ('pending', 'revoked'))
  ),
  constraint habitat_invitations_uses_within_limit check (use_count >= 0 and (max_uses is null or use_count <= max_uses))
);
comment on table public.habitat_invitations is 'Invitations to a habitat, by email address or by link; membership begins only when the invitee accepts. Owners and moderators of the habitat see its invitations.';
comment on column public.habitat_invitations.kind is 'email: for the account with that (confirmed) address; link: for whoever holds the link''s token.';
comment on column public.habitat_invitations.email is 'The invited address, lower-cased (email invitations).';
comment on column public.habitat_invitations.token_hash is 'sha256 of the link''s token (links); the token itself is shown once, to its creator. Not readable through the API.';
comment on column public.habitat_invitations.expires_at is 'When the link stops working; null for never.';
comment on column public.habitat_invitations.max_uses is 'How many people may join through the link; null for no limit.';
comment on column public.habitat_invitations.use_count is 'How many people joined through the link (or accepted the email invitation).';
comment on column public.habitat_invitations.status is 'pending, accepted, declined (email invitations) or revoked.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- a habitat's invitations, newest last: the owners' list, the open-invitation quota, cascades
create index habitat_invitations_habitat_idx on public.habitat_invitations (habitat_id, created_at);
-- one pending invitation per address and habitat; also the invitee's own list (by address)
create unique index habitat_invitations_pending_email_key on public.habitat_invitations (email, habitat_id) where status = 'pending';
-- habitat_invitations.invited_by is set to null when the inviter's account goes
create index habitat_invitations_invited_by_idx on public.habitat_invitations (invited_by);

-- ============================================================================================
-- helpers (private: PostgREST does not expose them)
-- ============================================================================================

-- how high a habitat role stands: owner 3, moderator 2, member 1 (0: not a member)
create function private.habitat_role_rank(p_role text)
returns integer
language sql immutable set search_path = ''
as $$
  select case p_role when 'owner' then 3 when 'moderator' then 2 when 'member' then 1 else 0 end
$$;

-- the caller's rank in a habitat (0 when not a member): roles change only below it
create function private.caller_habitat_rank(p_habitat_id uuid)
returns integer
language plpgsql stable security definer set search_path = ''
as $$
begin
  return coalesce((
    select private.habitat_role_rank(m.role) from public.habitat_members m
    where m.habitat_id = p_habitat_id and m.user_id = (select auth.uid())
  ), 0);
end
$$;

-- the caller's email address, lower-cased, once confirmed (null before): what email invitations
-- are addressed to, read from the account, never from the request
create function private.caller_email()
returns text
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (
    select lower(u.email) from auth.users u
    where u.id = (select auth.uid()) and u.email_confirmed_at is not null
  );
end
$$;

-- the stored form of an invite link's token (its sha256): the table never holds a usable token
create function private.invite_token_hash(p_token text)
returns bytea
language sql immutable set search_path = ''
as $$
  select extensions.digest(p_token, 'sha256')
$$;

-- before an invitation is written: the caller must own or moderate the habitat (else it is not
-- found, or not theirs to grow), the habitat's row is locked so that its invitations are counted
-- one at a time (and a habitat deleted meanwhile ends here), and at most 50 may be open at once
create function private.prepare_invitation(p_habitat_id uuid)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  rank integer := private.caller_habitat_rank(p_habitat_id);
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to invite someone' using errcode = 'insufficient_privilege';
  end if;
  if rank = 0 then
    raise exception 'habitat not found' using errcode = 'PT404';
  end if;
  if rank < 2 then
    raise exception 'only owners and moderators invite people' using errcode = 'insufficient_privilege';
  end if;
  perform 1 from public.habitats where id = p_habitat_id for no key update;
  if not found then
    raise exception 'habitat not found' using errcode = 'PT404';
  end if;
  if (
    select count(*) from public.habitat_invitations i
    where i.habitat_id = p_habitat_id and i.status = 'pending'
      and (i.expires_at is null or i.expires_at > now())
      and (i.max_uses is null or i.use_count < i.max_uses)
  ) >= 50 then
    raise exception 'this habitat has 50 open invitations, the most it may: revoke some first' using errcode = 'PT429';
  end if;
end
$$;

-- makes `p_user_id` a member through invitation `p_invitation_id`, or says why not. The habitat's
-- row first (key share: a deletion waits for this, or this finds it gone), then the invitation,
-- read again under its lock (an acceptance or a revocation that committed meanwhile counts).
-- A member already in the habitat stays one and uses nothing up. Returns the habitat's id.
create function private.accept_invitation(p_invitation_id uuid, p_user_id uuid)
returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  target_habitat uuid;
  invitation public.habitat_invitations;
begin
  select i.habitat_id into target_habitat from public.habitat_invitations i where i.id = p_invitation_id;
  perform 1 from public.habitats where id = target_habitat for key share;
  if not found then
    raise exception 'this invitation no longer exists' using errcode = 'PT404';
  end if;
  select * into invitation from public.habitat_invitations where id = p_invitation_id for update;
  if not found then
    raise exception 'this invitation no longer exists' using errcode = 'PT404';
  end if;
  if not exists (select 1 from public.habitat_members where habitat_id = target_habitat and user_id = p_user_id) then
    if invitation.status = 'revoked' then
      raise exception 'this invitation was revoked' using errcode = 'PT410';
    end if;
    if invitation.status <> 'pending' then
      raise exception 'this invitation was already %', invitation.status using errcode = 'PT410';
    end if;
    if invitation.expires_at is not null and invitation.expires_at <= now() then
      raise exception 'this invitation has expired' using errcode = 'PT410';
    end if;
    if invitation.max_uses is not null and invitation.use_count >= invitation.max_uses then
      raise exception 'this invite link has been used up' using errcode = 'PT410';
    end if;
    insert into public.habitat_members (habitat_id, user_id, role) values (target_habitat, p_user_id, 'member');
    update public.habitat_invitations set use_count = use_count + 1 where id = p_invitation_id;
  end if;
  -- joining answers the invitee's pending email invitations to the habitat (this one included)
  update public.habitat_invitations set status = 'accepted', responded_at = now()
    where habitat_id = target_habitat and status = 'pending'
      and email = (select lower(u.email) from auth.users u where u.id = p_user_id and u.email_confirmed_at is not null);
  return target_habitat;
end
$$;

-- email invitation `p_invitation_id` when it is addressed to the caller; not found for anyone else
-- (whether it exists is not theirs to learn)
create function private.own_email_invitation(p_invitation_id uuid)
returns public.habitat_invitations
language plpgsql volatile security definer set search_path = ''
as $$
declare
  invitation public.habitat_invitations;
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to answer an invitation' using errcode = 'insufficient_privilege';
  end if;
  select * into invitation from public.habitat_invitations i
    where i.id = p_invitation_id and i.kind = 'email' and i.email = (select private.caller_email());
  if not found then
    raise exception 'invitation not found' using errcode = 'PT404';
  end if;
  return invitation;
end
$$;

-- ============================================================================================
-- trigger functions
-- ============================================================================================

-- before an owner's membership ends or their role changes: the habitat keeps an owner. Changes of
-- one habitat's owners queue on an advisory lock (not the habitat's row, which a deletion of the
-- habitat holds while it removes the memberships), and the check reads after it.
create function private.keep_habitat_owner()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.role = 'owner' then
    return new;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('habitat owners ' || old.habitat_id::text, 0));
  -- a habitat or an account being deleted takes its memberships with it
  if exists (select 1 from public.habitats where id = old.habitat_id)
     and exists (select 1 from auth.users where id = old.user_id)
     and not exists (
       select 1 from public.habitat_members
       where habitat_id = old.habitat_id and role = 'owner' and user_id <> old.user_id
     ) then
    raise exception 'a habitat needs an owner: make another member owner first' using errcode = 'PT409';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

-- before a signed-in user founds a habitat: one person owns at most 10 habitats (counted one
-- founding at a time per person)
create function private.enforce_habitat_quota()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.created_by is null or (select auth.role()) is distinct from 'authenticated' then
    return new;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('habitats owned by ' || new.created_by::text, 0));
  if (select count(*) from public.habitat_members m where m.user_id = new.created_by and m.role = 'owner') >= 10 then
    raise exception 'you own 10 habitats, the most one person may' using errcode = 'PT429';
  end if;
  return new;
end
$$;

-- before a signed-in user changes a party: a cancelled or ended party stays as it is, the only
-- status a user sets is "cancelled", and a reschedule never moves the start into the past
create function private.guard_watch_party_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'authenticated' then
    return new;
  end if;
  if (new.title, new.description, new.scheduled_start, new.scheduled_end, new.status, new.media_url, new.media_provider, new.thumbnail_url)
     is not distinct from (old.title, old.description, old.scheduled_start, old.scheduled_end, old.status, old.media_url, old.media_provider, old.thumbnail_url) then
    return new;
  end if;
  if old.status = 'cancelled' then
    raise exception 'this watch party was cancelled' using errcode = 'check_violation';
  end if;
  if old.status = 'ended' then
    raise exception 'this watch party has ended' using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and new.status <> 'cancelled' then
    raise exception 'a watch party''s status changes only by cancelling it' using errcode = 'insufficient_privilege';
  end if;
  if new.scheduled_start is distinct from old.scheduled_start and new.scheduled_start < now() - interval '1 minute' then
    raise exception 'a watch party cannot be rescheduled into the past' using errcode = 'check_violation';
  end if;
  return new;
end
$$;

-- ============================================================================================
-- functions the app calls (RPC)
-- ============================================================================================

-- an owner or moderator invites an email address (an account now, or one that signs up later
-- with it); inviting a pending address again returns the same invitation
create function public.invite_to_habitat(p_habitat_id uuid, p_email text)
returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  address text := lower(btrim(p_email));
  invitation_id uuid;
begin
  if address is null or char_length(address) > 254 or address !~ '^[^@[:space:]]+@[^@[:space:].]+(\.[^@[:space:].]+)+$' then
    raise exception 'enter a valid email address' using errcode = 'invalid_parameter_value';
  end if;
  perform private.prepare_invitation(p_habitat_id);
  select i.id into invitation_id from public.habitat_invitations i
    where i.habitat_id = p_habitat_id and i.email = address and i.status = 'pending';
  if found then
    return invitation_id;
  end if;
  insert into public.habitat_invitations (habitat_id, kind, email, invited_by)
    values (p_habitat_id, 'email', address, (select auth.uid()))
    returning id into invitation_id;
  return invitation_id;
end
$$;
comment on function public.invite_to_habitat(uuid, text) is 'An owner or moderator invites an email address to the habitat; returns the (pending) invitation''s id.';

-- an owner or moderator makes an invite link: its token is returned once and stored as a hash
create function public.create_habitat_invite_link(p_habitat_id uuid, p_expires_at timestamptz default null, p_max_uses integer default null)
returns table (invitation_id uuid, token text)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  new_token text := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
begin
  if p_expires_at is not null and (p_expires_at <= now() or p_expires_at > now() + interval '1 year') then
    raise exception 'choose an expiry within the next year' using errcode = 'invalid_parameter_value';
  end if;
  if p_max_uses is not null and (p_max_uses < 1 or p_max_uses > 1000) then
    raise exception 'choose between 1 and 1000 uses' using errcode = 'invalid_parameter_value';
  end if;
  perform private.prepare_invitation(p_habitat_id);
  return query
    insert into public.habitat_invitations (habitat_id, kind, token_hash, expires_at, max_uses, invited_by)
    values (p_habitat_id, 'link', private.invite_token_hash(new_token), p_expires_at, p_max_uses, (select auth.uid()))
    returning id, new_token;
end
$$;
comment on function public.create_habitat_invite_link(uuid, timestamptz, integer) is 'An owner or moderator creates an invite link (optional expiry and use limit); returns its id and its token, which is never shown again.';

-- an owner or moderator revokes a pending invitation (a link stops working at once)
create function public.revoke_habitat_invitation(p_invitation_id uuid)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  invitation public.habitat_invitations;
begin
  select * into invitation from public.habitat_invitations where id = p_invitation_id;
  if not found or private.caller_habitat_rank(invitation.habitat_id) < 2 then
    raise exception 'invitation not found' using errcode = 'PT404';
  end if;
  select * into invitation from public.habitat_invitations where id = p_invitation_id for update;
  if not found then
    raise exception 'invitation not found' using errcode = 'PT404';
  end if;
  if invitation.status in ('accepted', 'declined') then
    raise exception 'this invitation was already %', invitation.status using errcode = 'PT409';
  end if;
  update public.habitat_invitations set status = 'revoked', responded_at = now()
    where id = p_invitation_id and status = 'pending';
end
$$;
comment on function public.revoke_habitat_invitation(uuid) is 'An owner or moderator revokes a pending invitation of their habitat.';

-- what an invite link leads to, for the signed-in holder of its token: the habitat's name and
-- whether the link still works (open, expired, revoked, used_up) or the caller is already a member
create function public.get_habitat_invite_link(p_token text)
returns table (habitat_id uuid, habitat_name text, state text)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_token is null or p_token !~ '^[A-Za-z0-9_-]{32}$' then
    return;
  end if;
  return query
  select i.habitat_id, h.name,
    case
      when exists (select 1 from public.habitat_members m where m.habitat_id = i.habitat_id and m.user_id = (select auth.uid())) then 'member'
      when i.status = 'revoked' then 'revoked'
      when i.expires_at is not null and i.expires_at <= now() then 'expired'
      when i.max_uses is not null and i.use_count >= i.max_uses then 'used_up'
      else 'open'
    end
  from public.habitat_invitations i
  join public.habitats h on h.id = i.habitat_id
  where i.token_hash = private.invite_token_hash(p_token) and (select auth.uid()) is not null;
end
$$;
comment on function public.get_habitat_invite_link(text) is 'The habitat an invite link leads to and whether it still works (open, expired, revoked, used_up, member); empty for an unknown token.';

-- the signed-in holder of an invite link's token joins the habitat as a member; returns its id
create function public.accept_habitat_invite_link(p_token text)
returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  invitation_id uuid;
begin
  if caller is null then
    raise exception 'sign in to accept an invitation' using errcode = 'insufficient_privilege';
  end if;
  if p_token is not null and p_token ~ '^[A-Za-z0-9_-]{32}$' then
    select i.id into invitation_id from public.habitat_invitations i where i.token_hash = private.invite_token_hash(p_token);
  end if;
  if invitation_id is null then
    raise exception 'this invite link is not valid' using errcode = 'PT404';
  end if;
  return private.accept_invitation(invitation_id, caller);
end
$$;
comment on function public.accept_habitat_invite_link(text) is 'The caller joins the habitat an invite link leads to, while the link is open; returns the habitat''s id.';

-- the invitee accepts an email invitation addressed to their confirmed address; returns the habitat's id
create function public.accept_habitat_invitation(p_invitation_id uuid)
returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.own_email_invitation(p_invitation_id);
  return private.accept_invitation(p_invitation_id, (select auth.uid()));
end
$$;
comment on function public.accept_habitat_invitation(uuid) is 'The invitee accepts an email invitation addressed to them and joins the habitat; returns the habitat''s id.';

-- the invitee declines an email invitation addressed to them (declining twice changes nothing)
create function public.decline_habitat_invitation(p_invitation_id uuid)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  invitation public.habitat_invitations := private.own_email_invitation(p_invitation_id);
begin
  select * into invitation from public.habitat_invitations where id = invitation.id for update;
  if invitation.status = 'accepted' then
    raise exception 'this invitation was already accepted' using errcode = 'PT409';
  end if;
  update public.habitat_invitations set status = 'declined', responded_at = now()
    where id = invitation.id and status = 'pending';
end
$$;
comment on function public.decline_habitat_invitation(uuid) is 'The invitee declines an email invitation addressed to them.';

-- the pending email invitations addressed to the caller, with the habitat's name (nothing else of
-- the habitat: an invitation grants no view of its members or parties)
create function public.get_my_habitat_invitations()
returns table (invitation_id uuid, habitat_id uuid, habitat_name text, invited_at timestamptz)
language plpgsql stable security definer set search_path = ''
as $$
begin
  return query
  select i.id, i.habitat_id, h.name, i.created_at
  from public.habitat_invitations i
  join public.habitats h on h.id = i.habitat_id
  where i.email = (select private.caller_email()) and i.status = 'pending'
    and not exists (select 1 from public.habitat_members m where m.habitat_id = i.habitat_id and m.user_id = (select auth.uid()))
  order by i.created_at, i.id;
end
$$;
comment on function public.get_my_habitat_invitations() is 'Pending email invitations addressed to the caller''s confirmed address, with the habitat''s name.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger habitat_members_keep_owner
  before delete or update of role on public.habitat_members
  for each row when (old.role = 'owner') execute function private.keep_habitat_owner();

create trigger habitats_enforce_quota
  before insert on public.habitats
  for each row execute function private.enforce_habitat_quota();

create trigger habitat_watch_parties_guard_change
  before update of title, description, scheduled_start, scheduled_end, status, media_url, media_provider, thumbnail_url
  on public.habitat_watch_parties
  for each row execute function private.guard_watch_party_change();

-- ============================================================================================
-- row level security
-- ============================================================================================

alter table public.habitat_invitations enable row level security;

-- owners and moderators see their habitat's invitations (invitees read theirs through
-- get_my_habitat_invitations, which shows nothing else of the habitat)
create policy "Owners and moderators see their habitat's invitations" on public.habitat_invitations
  for select to authenticated
  using (private.has_habitat_role(habitat_id, array['owner', 'moderator']));

-- membership begins only with an accepted invitation (or founding the habitat): nobody inserts it
drop policy "Owners and moderators add members" on public.habitat_members;

-- roles change only below the one who changes them, and to no role above theirs: an owner makes
-- owners, moderators and members of those below; a moderator makes moderators and members of members
drop policy "Owners change member roles" on public.habitat_members;
create policy "Roles change below the changer's own" on public.habitat_members
  for update to authenticated
  using (private.habitat_role_rank(role) < private.caller_habitat_rank(habitat_id))
  with check (private.habitat_role_rank(role) <= private.caller_habitat_rank(habitat_id));

-- members leave (the last owner cannot: see keep_habitat_owner); owners and moderators remove
-- those below them
drop policy "Members leave, moderators remove members" on public.habitat_members;
create policy "Members leave, owners and moderators remove those below them" on public.habitat_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or private.habitat_role_rank(role) < private.caller_habitat_rank(habitat_id));

-- the party's creator (while a member), its host and the habitat's owners and moderators edit,
-- reschedule and cancel it; for anyone else, an ex-member included, the row is not there
drop policy "Creators and moderators edit watch parties" on public.habitat_watch_parties;
create policy "Creators, hosts and moderators edit watch parties" on public.habitat_watch_parties
  for update to authenticated
  using (
    habitat_id = any (array(select private.user_habitat_ids()))
    and (
      created_by = (select auth.uid())
      or private.has_habitat_role(habitat_id, array['owner', 'moderator'])
      or private.is_watch_party_host(id)
    )
  )
  with check (habitat_id = any (array(select private.user_habitat_ids())));

-- the party's creator (while a member) and the habitat's owners and moderators delete it, only
-- before anyone joined (afterwards it is cancelled instead)
drop policy "Creators and moderators delete watch parties" on public.habitat_watch_parties;
create policy "Creators and moderators delete watch parties nobody joined" on public.habitat_watch_parties
  for delete to authenticated
  using (
    participant_count = 0
    and habitat_id = any (array(select private.user_habitat_ids()))
    and (created_by = (select auth.uid()) or private.has_habitat_role(habitat_id, array['owner', 'moderator']))
  );

-- ============================================================================================
-- grants
-- ============================================================================================

-- invitations are written only through the functions above; the token's hash is never read
revoke all on public.habitat_invitations from anon, authenticated, service_role;
grant select (id, habitat_id, kind, email, expires_at, max_uses, use_count, status, invited_by, created_at, responded_at)
  on public.habitat_invitations to authenticated;
grant select, insert, update, delete on public.habitat_invitations to service_role;

-- nobody inserts a membership directly
revoke insert on public.habitat_members from authenticated;

revoke all on function
  private.habitat_role_rank(text), private.caller_habitat_rank(uuid), private.caller_email(),
  private.invite_token_hash(text), private.prepare_invitation(uuid), private.accept_invitation(uuid, uuid),
  private.own_email_invitation(uuid), private.keep_habitat_owner(), private.enforce_habitat_quota(),
  private.guard_watch_party_change()
  from public, anon, authenticated, service_role;
-- the policies' helpers
grant execute on function private.habitat_role_rank(text), private.caller_habitat_rank(uuid) to authenticated, service_role;

revoke all on function
  public.invite_to_habitat(uuid, text), public.create_habitat_invite_link(uuid, timestamptz, integer),
  public.revoke_habitat_invitation(uuid), public.get_habitat_invite_link(text), public.accept_habitat_invite_link(text),
  public.accept_habitat_invitation(uuid), public.decline_habitat_invitation(uuid), public.get_my_habitat_invitations()
  from public, anon;
grant execute on function
  public.invite_to_habitat(uuid, text), public.create_habitat_invite_link(uuid, timestamptz, integer),
  public.revoke_habitat_invitation(uuid), public.get_habitat_invite_link(text), public.accept_habitat_invite_link(text),
  public.accept_habitat_invitation(uuid), public.decline_habitat_invitation(uuid), public.get_my_habitat_invitations()
  to authenticated, service_role;
