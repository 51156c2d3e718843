"use server";

// What a participant does in the party room. Each action runs as the signed-in user through the
// server Supabase client (RLS decides), validates its input, and returns an ActionResult.
import { z } from "zod";
import { fail, type ActionResult } from "@/lib/action-result";
import { withStreamService } from "@/lib/streaming/action-context";
import { idSchema, participantTargetSchema, reminderSchema, REQUEST_NOT_VALID } from "@/lib/streaming/schemas";
import type { JoinResult, LeaveResult, ReminderResult, RemoveResult } from "@/lib/streaming/stream-service";

function invalid(error: z.ZodError): { ok: false; error: string } {
  return fail(error.issues[0]?.message ?? REQUEST_NOT_VALID);
}

export async function joinParty(partyId: string): Promise<ActionResult<JoinResult>> {
  const parsed = idSchema.safeParse(partyId);
  if (!parsed.success) return invalid(parsed.error);
  return withStreamService((service) => service.join(parsed.data));
}

export async function leaveParty(partyId: string): Promise<ActionResult<LeaveResult>> {
  const parsed = idSchema.safeParse(partyId);
  if (!parsed.success) return invalid(parsed.error);
  return withStreamService((service) => service.leave(parsed.data));
}

export async function setReminder(input: { partyId: string; enabled: boolean }): Promise<ActionResult<ReminderResult>> {
  const parsed = reminderSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return withStreamService((service) => service.setReminder(parsed.data.partyId, parsed.data.enabled));
}

export async function makeHost(input: { partyId: string; userId: string }): Promise<ActionResult<null>> {
  const parsed = participantTargetSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  // changes someone else's role: the session must still exist at auth, not only its token be valid
  return withStreamService((service) => service.makeHost(parsed.data.partyId, parsed.data.userId), "auth-server");
}

export async function removeParticipant(input: { partyId: string; userId: string }): Promise<ActionResult<RemoveResult>> {
  const parsed = participantTargetSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  // takes someone else out of the party: the session must still exist at auth
  return withStreamService((service) => service.removeParticipant(parsed.data.partyId, parsed.data.userId), "auth-server");
}
