"use server";

import type { ActionResult } from "@/lib/action-result";
import { invalidInput } from "@/lib/form-errors";
import { withHabitatService } from "@/lib/habitats/action-context";
import { inviteTokenSchema } from "@/lib/habitats/schemas";

/** "Accept" on an invite link's page: the signed-in user joins the habitat while the link is open. */
export async function acceptInviteLink(token: string): Promise<ActionResult<{ habitatId: string }>> {
  const parsed = inviteTokenSchema.safeParse(token);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.acceptInviteLink(parsed.data));
}
