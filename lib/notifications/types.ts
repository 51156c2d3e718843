// Reminders as the app shows them: notifications (public.notifications, camelCase) and the lead
// time a participant chose (public.reminder_preferences).

export const NOTIFICATION_KINDS = ["starts_soon", "started"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One delivered reminder, as the list under "Notifications" shows it. */
export interface AppNotification {
  id: string;
  kind: NotificationKind;
  partyId: string;
  /** the party's title and start when the reminder was delivered */
  title: string;
  startsAt: string;
  createdAt: string;
  readAt: string | null;
}

/** How long before a party its reminder comes: the database takes exactly these. */
export const LEAD_MINUTES = [5, 15, 60] as const;
export type LeadMinutes = (typeof LEAD_MINUTES)[number];
/** What a participant gets without choosing (the database's default too). */
export const DEFAULT_LEAD_MINUTES: LeadMinutes = 15;

export function toLeadMinutes(value: number | null | undefined): LeadMinutes {
  return (LEAD_MINUTES as readonly number[]).includes(value ?? -1) ? (value as LeadMinutes) : DEFAULT_LEAD_MINUTES;
}
