// React Query keys and options for reminders in the browser (the same repository as the server).
import { queryOptions } from "@tanstack/react-query";
import { createClient } from "@/lib/supabase/client";
import { NotificationsRepository } from "./notifications-repository";

export const notificationKeys = {
  list: () => ["notifications"] as const,
  leadMinutes: (partyId: string) => ["reminder-lead", partyId] as const,
};

function repository(): NotificationsRepository {
  return new NotificationsRepository(createClient());
}

export function notificationsQuery() {
  return queryOptions({ queryKey: notificationKeys.list(), queryFn: () => repository().list() });
}

export function leadMinutesQuery(partyId: string) {
  return queryOptions({ queryKey: notificationKeys.leadMinutes(partyId), queryFn: () => repository().getLeadMinutes(partyId) });
}
