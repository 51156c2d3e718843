-- Members of a party's habitat see its participants. The party lookup in this policy is itself
-- subject to the parties' own SELECT policy ("Members see their habitats' watch parties"), so a
-- party the caller may see is exactly a party of one of the caller's habitats: testing the
-- habitat again here computed the caller's habitats twice per statement. Realtime runs this
-- policy once per subscriber and change, so the saved lookup matters.
alter policy "View participants" on public.stream_participants
  using (exists (select 1 from public.habitat_watch_parties p where p.id = stream_id));
