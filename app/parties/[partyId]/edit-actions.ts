"use server";

// What the party's creator (while a member), its host and the habitat's owners and moderators do to
// the party itself: edit or reschedule it, cancel it, delete it while nobody joined. RLS and the
// database's guard decide; the session is checked with auth (these change what everyone sees).
import type { ActionResult, FormResult } from "@/lib/action-result";
import { invalidForm, invalidInput } from "@/lib/form-errors";
import { withStreamService } from "@/lib/streaming/action-context";
import { idSchema, PARTY_FORM_FIELDS, partyEditSchema, type NewPartyField, type PartyEditInput } from "@/lib/streaming/schemas";

/** "Save changes": the party's title, description, media and times. */
export async function updateParty(input: PartyEditInput): Promise<FormResult<null, NewPartyField>> {
  const parsed = partyEditSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, PARTY_FORM_FIELDS);
  const { partyId, ...values } = parsed.data;
  return withStreamService((service) => service.updateParty(partyId, values), "auth-server");
}

/** "Cancel party": it stays, shown as cancelled, and nobody joins it any more. */
export async function cancelParty(partyId: string): Promise<ActionResult<null>> {
  const parsed = idSchema.safeParse(partyId);
  if (!parsed.success) return invalidInput(parsed.error);
  return withStreamService((service) => service.cancelParty(parsed.data), "auth-server");
}

/** "Delete party": only while nobody joined it. */
export async function deleteParty(partyId: string): Promise<ActionResult<null>> {
  const parsed = idSchema.safeParse(partyId);
  if (!parsed.success) return invalidInput(parsed.error);
  return withStreamService((service) => service.deleteParty(parsed.data), "auth-server");
}
