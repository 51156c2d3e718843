import { z } from "zod";

/** What a person sees when a request is not of the right shape at all (only a broken client sends one). */
export const REQUEST_NOT_VALID = "That request was not valid";

/** A row id: any Postgres uuid (8-4-4-4-12 hex digits). */
export const idSchema = z.guid({ error: "That link is not valid" });

// Every schema below names its own messages, even for values of the wrong type: zod's defaults
// ("Invalid input: expected boolean, received string") are for developers, not for people.
export const reminderSchema = z.object(
  { partyId: idSchema, enabled: z.boolean({ error: "Choose whether to get a reminder" }) },
  { error: REQUEST_NOT_VALID },
);
export const participantTargetSchema = z.object({ partyId: idSchema, userId: idSchema }, { error: REQUEST_NOT_VALID });

const MAX_PAST_START_MS = 60_000;

/** Text of at most `max` characters, blanks trimmed; empty becomes null. */
export const optionalText = (max: number, tooLong: string, notText: string) =>
  z
    .string({ error: notText })
    .trim()
    .max(max, tooLong)
    .transform((value) => (value === "" ? null : value));

/** A party's own fields, as the "Schedule a party" and "Edit party" forms send them. */
const partyFields = {
  title: z
    .string({ error: "Give the party a title" })
    .trim()
    .min(1, "Give the party a title")
    .max(200, "Keep the title under 200 characters"),
  description: optionalText(5000, "Keep the description under 5000 characters", "Write the description as text"),
  mediaUrl: z
    .string({ error: "Enter a web address starting with http:// or https://" })
    .trim()
    .max(2048, "That media URL is too long")
    .refine((value) => value === "" || /^https?:\/\/[^\s]+$/i.test(value), "Enter a web address starting with http:// or https://")
    .transform((value) => (value === "" ? null : value)),
  startsAt: z.iso.datetime({ offset: true, error: "Choose when the party starts" }),
  endsAt: z
    .union([z.literal(""), z.iso.datetime({ offset: true, error: "Choose a valid end time" })], { error: "Choose a valid end time" })
    .transform((value) => (value === "" ? null : value)),
};

type PartyTimes = { startsAt: string; endsAt: string | null };

function endsAfterStart(value: PartyTimes, ctx: z.RefinementCtx): void {
  if (value.endsAt !== null && Date.parse(value.endsAt) <= Date.parse(value.startsAt)) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The party must end after it starts" });
  }
}

/** What the "Schedule a party" form sends; times are ISO strings with an offset (from the browser). */
export const newPartySchema = z.object({ habitatId: idSchema, ...partyFields }, { error: REQUEST_NOT_VALID }).superRefine((value, ctx) => {
  if (Date.parse(value.startsAt) < Date.now() - MAX_PAST_START_MS) {
    ctx.addIssue({ code: "custom", path: ["startsAt"], message: "The start time must be in the future" });
  }
  endsAfterStart(value, ctx);
});

export type NewPartyInput = z.input<typeof newPartySchema>;

/**
 * What the "Edit party" form sends: the same fields. A start in the past is the database's to
 * refuse (a party that already started keeps its start; a reschedule may not move into the past).
 */
export const partyEditSchema = z.object({ partyId: idSchema, ...partyFields }, { error: REQUEST_NOT_VALID }).superRefine(endsAfterStart);

export type PartyEditInput = z.input<typeof partyEditSchema>;
export type NewPartyField = "title" | "description" | "mediaUrl" | "startsAt" | "endsAt";
/** The fields of the party forms, in the order they show. */
export const PARTY_FORM_FIELDS: readonly NewPartyField[] = ["title", "description", "mediaUrl", "startsAt", "endsAt"];
