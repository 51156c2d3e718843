-- Rolls back supabase/migrations/20260118000000_watch_together.sql: no synchronized playback and
-- no chat (their rows are lost: back them up first). Then delete its row from
-- supabase_migrations.schema_migrations. Safe to run twice.
drop trigger if exists stream_participants_pause_abandoned_playback on public.stream_participants;
drop function if exists
  public.get_party_messages(uuid, timestamptz, uuid, integer),
  public.set_party_playback(uuid, double precision, boolean, double precision, timestamptz),
  public.get_party_playback(uuid),
  public.server_time(),
  private.pause_abandoned_playback(),
  private.broadcast_playback_changed(),
  private.broadcast_party_message(),
  private.limit_party_message_rate(),
  private.prepare_party_message(),
  private.can_moderate_watch_party(uuid),
  private.is_watch_party_participant(uuid) cascade;
do $$
begin
  if to_regclass('public.party_playback') is not null then
    drop function if exists private.playback_json(public.party_playback);
  end if;
end
$$;
drop table if exists public.party_messages, public.party_playback, private.party_message_sends;
