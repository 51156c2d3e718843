"use server";

// When a participant's reminder comes: 5, 15 or 60 minutes before the party. Runs as the
// signed-in user (RLS and a foreign key: only their own participation), validates its input.
import { z } from "zod";
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { withNotifications } from "@/lib/notifications/action-context";
import type { LeadMinutes } from "@/lib/notifications/types";
import { idSchema, REQUEST_NOT_VALID } from "@/lib/streaming/schemas";

const leadSchema = z.object(
  {
    partyId: idSchema,
    minutes: z.union([z.literal(5), z.literal(15), z.literal(60)], { error: "Choose 5, 15 or 60 minutes before" }),
  },
  { error: REQUEST_NOT_VALID },
);

export async function setReminderLead(input: unknown): Promise<ActionResult<{ minutes: LeadMinutes }>> {
  const parsed = leadSchema.safeParse(input);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? REQUEST_NOT_VALID);
  const { partyId, minutes } = parsed.data;
  return withNotifications(async (repository, userId) => {
    await repository.setLeadMinutes(partyId, userId, minutes);
    return ok({ minutes });
  });
}
