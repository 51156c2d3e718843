-- Demo data: alice, bob and carol (password "password123"); habitat "Movie Night" owned by
-- alice with bob as a member; carol belongs to no habitat, but alice has invited her (a pending
-- invitation on carol's dashboard, with Accept and Decline). Upcoming parties have no participants
-- yet, so the first to join hosts.

-- users, as Supabase Auth stores them (bcrypt passwords, confirmed emails, an email identity)
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
select
  '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
  extensions.crypt('password123', extensions.gen_salt('bf', 10)), now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', u.display_name), now(), now(),
  '', '', '', ''
from (values
  ('a11ce000-0000-4000-8000-000000000001'::uuid, 'alice@example.com', 'Alice'),
  ('b0b00000-0000-4000-8000-000000000002'::uuid, 'bob@example.com', 'Bob'),
  ('ca201000-0000-4000-8000-000000000003'::uuid, 'carol@example.com', 'Carol')
) as u (id, email, display_name);

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now(), now()
from auth.users u
where u.email in ('alice@example.com', 'bob@example.com', 'carol@example.com');

-- the habitat (its creator becomes owner through the on_habitat_created trigger)
insert into public.habitats (id, name, description, created_by)
values (
  '40b17a70-0000-4000-8000-000000000001', 'Movie Night',
  'Friday films, picked by whoever hosts.',
  'a11ce000-0000-4000-8000-000000000001'
);

insert into public.habitat_members (habitat_id, user_id, role)
values ('40b17a70-0000-4000-8000-000000000001', 'b0b00000-0000-4000-8000-000000000002', 'member');

-- alice invites carol by email address; until carol accepts, the invitation grants her nothing
insert into public.habitat_invitations (id, habitat_id, kind, email, invited_by)
values (
  '1a71ca70-0000-4000-8000-000000000001', '40b17a70-0000-4000-8000-000000000001', 'email',
  'carol@example.com', 'a11ce000-0000-4000-8000-000000000001'
);

-- upcoming parties with no participants
insert into public.habitat_watch_parties (
  id, habitat_id, title, description, scheduled_start, scheduled_end, created_by, media_url, media_provider
)
values
  (
    'f11a0000-0000-4000-8000-000000000001', '40b17a70-0000-4000-8000-000000000001',
    'Big Buck Bunny premiere', 'A short film to warm up. Join early to host.',
    date_trunc('hour', now()) + interval '1 day 2 hours', date_trunc('hour', now()) + interval '1 day 3 hours',
    'a11ce000-0000-4000-8000-000000000001', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ', 'youtube'
  ),
  (
    'f11a0000-0000-4000-8000-000000000002', '40b17a70-0000-4000-8000-000000000001',
    'Sintel double feature', 'Two screenings back to back.',
    date_trunc('hour', now()) + interval '7 days', date_trunc('hour', now()) + interval '7 days 2 hours',
    'b0b00000-0000-4000-8000-000000000002', 'https://vimeo.com/1084537', 'vimeo'
  );
