-- Rolls back supabase/migrations/20260117000000_reminders.sql: no more reminder delivery, calendar
-- feeds or notifications (their rows are lost), and the two cron jobs unscheduled. Then delete its
-- row from supabase_migrations.schema_migrations.
do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'cron') then
    perform cron.unschedule(jobid) from cron.job where jobname in ('dispatch-reminders', 'purge-cron-history') and username = current_user;
  end if;
end
$$;
drop trigger if exists notifications_broadcast on public.notifications;
drop trigger if exists habitat_watch_parties_schedule_reminders on public.habitat_watch_parties;
drop trigger if exists reminder_preferences_schedule_reminders on public.reminder_preferences;
drop trigger if exists stream_participants_schedule_reminders_on_change on public.stream_participants;
drop trigger if exists stream_participants_schedule_reminders_on_join on public.stream_participants;
drop function if exists public.calendar_feed(text);
drop function if exists public.regenerate_calendar_feed();
drop function if exists private.broadcast_notification();
drop function if exists private.dispatch_reminders(integer);
drop function if exists private.reschedule_party_reminders();
drop function if exists private.reschedule_participant_reminders();
drop function if exists private.schedule_reminders(uuid, uuid);
drop table if exists public.calendar_feeds;
drop table if exists public.notifications;
drop table if exists private.reminder_queue;
drop table if exists public.reminder_preferences;
