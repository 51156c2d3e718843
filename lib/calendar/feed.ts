// What public.calendar_feed(token) returns, parsed: the owner's name and the parties they joined,
// as calendar parties (an alarm only where their reminder is on). Null for an unknown token.
import { z } from "zod";
import type { CalendarParty } from "./ics";

const feedSchema = z.object({
  displayName: z.string().nullable(),
  parties: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string().nullable(),
      habitatName: z.string().nullable(),
      scheduledStart: z.string(),
      scheduledEnd: z.string().nullable(),
      status: z.string(),
      reminderEnabled: z.boolean(),
      leadMinutes: z.number(),
    }),
  ),
});

export interface CalendarFeed {
  displayName: string;
  parties: CalendarParty[];
}

/** A secret feed token as the database makes them: 64 hex digits. */
export const FEED_TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export function parseCalendarFeed(value: unknown): CalendarFeed | null {
  const parsed = feedSchema.safeParse(value);
  if (!parsed.success) return null;
  return {
    displayName: parsed.data.displayName ?? "Member",
    parties: parsed.data.parties.map(({ reminderEnabled, leadMinutes, ...party }) => ({
      ...party,
      alarmMinutes: reminderEnabled ? leadMinutes : null,
    })),
  };
}
