import { z } from "zod";

/** A row id: any Postgres uuid (8-4-4-4-12 hex digits). */
export const idSchema = z.guid({ error: "That link is not valid" });

export const reminderSchema = z.object({ partyId: idSchema, enabled: z.boolean() });
export const participantTargetSchema = z.object({ partyId: idSchema, userId: idSchema });

const MAX_PAST_START_MS = 60_000;

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .transform((value) => (value === "" ? null : value));

/** What the "Schedule a party" form sends; times are ISO strings with an offset (from the browser). */
export const newPartySchema = z
  .object({
    habitatId: idSchema,
    title: z.string().trim().min(1, "Give the party a title").max(200, "Keep the title under 200 characters"),
    description: optionalText(5000, "Keep the description under 5000 characters"),
    mediaUrl: z
      .string()
      .trim()
      .max(2048, "That media URL is too long")
      .refine((value) => value === "" || /^https?:\/\/[^\s]+$/i.test(value), "Enter a web address starting with http:// or https://")
      .transform((value) => (value === "" ? null : value)),
    startsAt: z.iso.datetime({ offset: true, error: "Choose when the party starts" }),
    endsAt: z
      .union([z.literal(""), z.iso.datetime({ offset: true, error: "Choose a valid end time" })])
      .transform((value) => (value === "" ? null : value)),
  })
  .superRefine((value, ctx) => {
    const start = Date.parse(value.startsAt);
    if (start < Date.now() - MAX_PAST_START_MS) {
      ctx.addIssue({ code: "custom", path: ["startsAt"], message: "The start time must be in the future" });
    }
    if (value.endsAt !== null && Date.parse(value.endsAt) <= start) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The party must end after it starts" });
    }
  });

export type NewPartyInput = z.input<typeof newPartySchema>;
export type NewPartyField = "title" | "description" | "mediaUrl" | "startsAt" | "endsAt";
