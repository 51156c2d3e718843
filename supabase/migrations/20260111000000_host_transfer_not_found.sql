-- transfer_stream_host answered "not found" with SQLSTATE P0002, which PostgREST turns into a 500.
-- PT404 is PostgREST's way to answer 404: a party the caller cannot see, or a new host who is not
-- a participant, is the caller's mistake, not the server's. Same checks, same messages.
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
