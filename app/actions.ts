"use server";

// Server actions shared by every route (the header's "Sign out") and the dashboard's own (the
// invitations addressed to the signed-in user); another route's actions live in its folder
// (app/**/actions.ts).
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { invalidInput } from "@/lib/form-errors";
import { withHabitatService } from "@/lib/habitats/action-context";
import { idSchema } from "@/lib/streaming/schemas";
import { createClient } from "@/lib/supabase/server";

export async function signOut(): Promise<void> {
  const supabase = await createClient();
  await supabase.auth.signOut();
  redirect("/login");
}

/** "Accept" on the dashboard: joins the habitat of an email invitation addressed to the user. */
export async function acceptInvitation(invitationId: string): Promise<ActionResult<{ habitatId: string }>> {
  const parsed = idSchema.safeParse(invitationId);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.acceptInvitation(parsed.data));
}

/** "Decline" on the dashboard: the invitation goes away, and the habitat learns nothing else. */
export async function declineInvitation(invitationId: string): Promise<ActionResult<null>> {
  const parsed = idSchema.safeParse(invitationId);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.declineInvitation(parsed.data));
}
