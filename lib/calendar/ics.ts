// Parties as iCalendar (RFC 5545), written by ical-generator: one event per party with a stable
// UID (re-importing or re-fetching updates the event instead of adding another), the party's page
// as URL, start and end (four hours when the party has no end, as the app assumes), CANCELLED for
// a cancelled party, and a display alarm at the participant's lead time.
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from "ical-generator";
import { DEFAULT_PARTY_LENGTH_MS } from "@/lib/streaming/countdown";

export interface CalendarParty {
  id: string;
  title: string;
  description: string | null;
  habitatName: string | null;
  scheduledStart: string;
  scheduledEnd: string | null;
  status: string;
  /** minutes before the start of the alarm; none when null */
  alarmMinutes: number | null;
}

export interface CalendarOptions {
  /** the calendar's name, as a subscribing app shows it */
  name: string;
  /** the app's origin, for each party's URL */
  origin: string;
  /** when set, how often a subscribing app should fetch again (a feed) */
  refreshMinutes?: number;
}

/** The stable UID of a party's event. */
export const partyEventUid = (partyId: string) => `${partyId}@habitats-watch-parties`;

export const ICS_CONTENT_TYPE = "text/calendar; charset=utf-8";

export function partiesCalendar(parties: readonly CalendarParty[], options: CalendarOptions): string {
  const calendar: ICalCalendar = ical({
    name: options.name,
    prodId: { company: "Habitats", product: "Watch Parties", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: options.refreshMinutes ? options.refreshMinutes * 60 : null,
  });
  // a later export is a later revision (SEQUENCE only grows), so calendars take the newest times
  const sequence = Math.floor(Date.now() / 60_000);
  for (const party of parties) {
    const start = new Date(party.scheduledStart);
    const end = party.scheduledEnd ? new Date(party.scheduledEnd) : new Date(start.getTime() + DEFAULT_PARTY_LENGTH_MS);
    const url = `${options.origin}/parties/${party.id}`;
    calendar.createEvent({
      id: partyEventUid(party.id),
      sequence,
      start,
      end,
      summary: party.title,
      description: [party.habitatName ? `A watch party of ${party.habitatName}.` : null, party.description, url]
        .filter(Boolean)
        .join("\n\n"),
      url,
      status: party.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      alarms:
        party.alarmMinutes === null || party.status === "cancelled"
          ? []
          : [
              {
                type: ICalAlarmType.display,
                triggerBefore: party.alarmMinutes * 60,
                description: `${party.title} starts in ${party.alarmMinutes} minutes`,
              },
            ],
    });
  }
  return calendar.toString();
}
