-- Explicit host handover: the host of a party makes another participant host ("Make host").

-- hands the host role of `p_stream_id` to participant `p_new_host_user_id`; only the current host may
create function public.transfer_stream_host(p_stream_id uuid, p_new_host_user_id uuid)
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
    raise exception 'watch party not found' using errcode = 'no_data_found';
  end if;
  if not private.is_watch_party_host(p_stream_id) then
    raise exception 'only the host can hand over the host role' using errcode = 'insufficient_privilege';
  end if;
  if p_new_host_user_id = caller then
    return;
  end if;
  if not exists (select 1 from public.stream_participants where stream_id = p_stream_id and user_id = p_new_host_user_id) then
    raise exception 'the new host must be a participant of this watch party' using errcode = 'no_data_found';
  end if;
  update public.stream_participants set is_host = false where stream_id = p_stream_id and user_id = caller;
  update public.stream_participants set is_host = true where stream_id = p_stream_id and user_id = p_new_host_user_id;
end
$$;
comment on function public.transfer_stream_host(uuid, uuid) is 'The current host of a watch party makes another participant host.';

revoke all on function public.transfer_stream_host(uuid, uuid) from public, anon;
grant execute on function public.transfer_stream_host(uuid, uuid) to authenticated;
