"use server";

import type { FormResult } from "@/lib/action-result";
import { withStreamService } from "@/lib/streaming/action-context";
import { newPartySchema, REQUEST_NOT_VALID, type NewPartyField, type NewPartyInput } from "@/lib/streaming/schemas";

const FIELDS: readonly NewPartyField[] = ["title", "description", "mediaUrl", "startsAt", "endsAt"];

function isField(value: PropertyKey | undefined): value is NewPartyField {
  return typeof value === "string" && (FIELDS as readonly string[]).includes(value);
}

/** Schedules a party in a habitat the user belongs to; returns its id or what to fix. */
export async function createParty(input: NewPartyInput): Promise<FormResult<{ partyId: string }, NewPartyField>> {
  const parsed = newPartySchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<NewPartyField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (isField(field)) fieldErrors[field] ??= issue.message;
    }
    // an id or the whole input was wrong: nothing to highlight, so say what was wrong
    if (Object.keys(fieldErrors).length === 0) return { ok: false, error: parsed.error.issues[0]?.message ?? REQUEST_NOT_VALID };
    return { ok: false, error: "Check the highlighted fields", fieldErrors };
  }
  const { habitatId, ...values } = parsed.data;
  return withStreamService((service) => service.createParty(habitatId, values));
}
