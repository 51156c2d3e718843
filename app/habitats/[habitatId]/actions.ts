"use server";

// What members, moderators and owners do on a habitat's page. Each action validates its input,
// runs as the signed-in user through the server Supabase client (RLS and the database's functions
// decide), and returns a typed result with a readable message. Actions that change other people's
// membership, or what the habitat is, check the session with auth itself.
import type { ActionResult, FormResult } from "@/lib/action-result";
import { invalidForm, invalidInput } from "@/lib/form-errors";
import { withHabitatService } from "@/lib/habitats/action-context";
import {
  emailInvitationSchema,
  HABITAT_FORM_FIELDS,
  habitatInvitationSchema,
  habitatMemberSchema,
  habitatSettingsSchema,
  inviteLinkSchema,
  memberRoleSchema,
  type HabitatField,
  type HabitatSettingsInput,
} from "@/lib/habitats/schemas";
import type { NewInviteLink } from "@/lib/habitats/types";
import { withStreamService } from "@/lib/streaming/action-context";
import { idSchema, newPartySchema, PARTY_FORM_FIELDS, type NewPartyField, type NewPartyInput } from "@/lib/streaming/schemas";

/** Schedules a party in a habitat the user belongs to; returns its id or what to fix. */
export async function createParty(input: NewPartyInput): Promise<FormResult<{ partyId: string }, NewPartyField>> {
  const parsed = newPartySchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, PARTY_FORM_FIELDS);
  const { habitatId, ...values } = parsed.data;
  return withStreamService((service) => service.createParty(habitatId, values));
}

/** Renames and describes the habitat (its owner). */
export async function updateHabitat(input: HabitatSettingsInput): Promise<FormResult<null, HabitatField>> {
  const parsed = habitatSettingsSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, HABITAT_FORM_FIELDS);
  const { habitatId, ...values } = parsed.data;
  return withHabitatService((service) => service.updateHabitat(habitatId, values), "auth-server");
}

/** Deletes the habitat with its parties and invitations (its owner). */
export async function deleteHabitat(habitatId: string): Promise<ActionResult<null>> {
  const parsed = idSchema.safeParse(habitatId);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.deleteHabitat(parsed.data), "auth-server");
}

/** Invites an email address (owners and moderators). */
export async function inviteByEmail(input: { habitatId: string; email: string }): Promise<ActionResult<{ invitationId: string }>> {
  const parsed = emailInvitationSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.inviteByEmail(parsed.data.habitatId, parsed.data.email), "auth-server");
}

/** Creates an invite link (owners and moderators); its token is returned this once. */
export async function createInviteLink(input: {
  habitatId: string;
  expiresInDays: number | null;
  maxUses: number | null;
}): Promise<ActionResult<NewInviteLink>> {
  const parsed = inviteLinkSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { habitatId, expiresInDays, maxUses } = parsed.data;
  return withHabitatService((service) => service.createInviteLink(habitatId, expiresInDays, maxUses), "auth-server");
}

/** Revokes a pending invitation of the habitat (owners and moderators). */
export async function revokeInvitation(input: { habitatId: string; invitationId: string }): Promise<ActionResult<null>> {
  const parsed = habitatInvitationSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.revokeInvitation(parsed.data.invitationId), "auth-server");
}

/** The signed-in member leaves the habitat and its parties. */
export async function leaveHabitat(habitatId: string): Promise<ActionResult<null>> {
  const parsed = idSchema.safeParse(habitatId);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.leaveHabitat(parsed.data));
}

/** Removes a member below the caller's role (owners and moderators). */
export async function removeMember(input: { habitatId: string; userId: string }): Promise<ActionResult<null>> {
  const parsed = habitatMemberSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  return withHabitatService((service) => service.removeMember(parsed.data.habitatId, parsed.data.userId), "auth-server");
}

/** Gives a member below the caller a role up to the caller's own. */
export async function changeMemberRole(input: { habitatId: string; userId: string; role: string }): Promise<ActionResult<null>> {
  const parsed = memberRoleSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { habitatId, userId, role } = parsed.data;
  return withHabitatService((service) => service.changeMemberRole(habitatId, userId, role), "auth-server");
}
