// Every query the app makes about habitats themselves, their members and their invitations, through
// a typed Supabase client acting as the signed-in user (RLS and the RPCs' own checks apply).
// Failures throw StreamingError with the database's code.
import type { PostgrestError } from "@supabase/supabase-js";
import { StreamingError } from "@/lib/streaming/errors";
import type { StreamingClient } from "@/lib/streaming/streaming-repository";
import type { HabitatRole } from "@/lib/streaming/types";
import {
  INVITE_LINK_STATES,
  type HabitatInvitation,
  type InviteLinkPreview,
  type InviteLinkState,
  type MyInvitation,
  type NewInviteLink,
} from "./types";

function check(error: PostgrestError | null): void {
  if (error) throw new StreamingError(error.code, error.message);
}

function toLinkState(value: string): InviteLinkState {
  return (INVITE_LINK_STATES as readonly string[]).includes(value) ? (value as InviteLinkState) : "revoked";
}

export interface HabitatValues {
  name: string;
  description: string | null;
}

export class HabitatRepository {
  constructor(private readonly supabase: StreamingClient) {}

  /** Founds a habitat as `userId` (who becomes its owner); returns its id. */
  async createHabitat(userId: string, values: HabitatValues): Promise<string> {
    const { data, error } = await this.supabase
      .from("habitats")
      .insert({ ...values, created_by: userId })
      .select("id")
      .single();
    check(error);
    if (!data) throw new StreamingError(null, "habitat created without an id");
    return data.id;
  }

  /** Renames and describes a habitat; returns how many rows RLS let through (0 unless the caller owns it). */
  async updateHabitat(habitatId: string, values: HabitatValues): Promise<number> {
    const { data, error } = await this.supabase.from("habitats").update(values).eq("id", habitatId).select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** Deletes a habitat with its parties and invitations; rows RLS let through (0 unless the caller owns it). */
  async deleteHabitat(habitatId: string): Promise<number> {
    const { data, error } = await this.supabase.from("habitats").delete().eq("id", habitatId).select("id");
    check(error);
    return data?.length ?? 0;
  }

  /** Ends `userId`'s membership (leaving, when it is the caller); rows RLS let through. */
  async deleteMembership(habitatId: string, userId: string): Promise<number> {
    const { data, error } = await this.supabase
      .from("habitat_members")
      .delete()
      .eq("habitat_id", habitatId)
      .eq("user_id", userId)
      .select("user_id");
    check(error);
    return data?.length ?? 0;
  }

  /** Gives `userId` a new role; rows RLS let through (0 unless they are below the caller). */
  async updateMemberRole(habitatId: string, userId: string, role: HabitatRole): Promise<number> {
    const { data, error } = await this.supabase
      .from("habitat_members")
      .update({ role })
      .eq("habitat_id", habitatId)
      .eq("user_id", userId)
      .select("user_id");
    check(error);
    return data?.length ?? 0;
  }

  /**
   * The habitat's open invitations (pending, neither expired nor used up), newest first; empty
   * unless the caller owns or moderates it.
   */
  async listOpenInvitations(habitatId: string, nowMs = Date.now()): Promise<HabitatInvitation[]> {
    const { data, error } = await this.supabase
      .from("habitat_invitations")
      .select("id, kind, email, expires_at, max_uses, use_count, created_at")
      .eq("habitat_id", habitatId)
      .eq("status", "pending")
      .order("created_at", { ascending: false })
      .limit(200);
    check(error);
    return (data ?? [])
      .filter(
        (row) => (row.max_uses === null || row.use_count < row.max_uses) && (row.expires_at === null || Date.parse(row.expires_at) > nowMs),
      )
      .map((row) => ({
        id: row.id,
        kind: row.kind === "link" ? "link" : "email",
        email: row.email,
        expiresAt: row.expires_at,
        maxUses: row.max_uses,
        useCount: row.use_count,
        createdAt: row.created_at,
      }));
  }

  /** Invites an email address; returns the (pending) invitation's id. */
  async inviteByEmail(habitatId: string, email: string): Promise<string> {
    const { data, error } = await this.supabase.rpc("invite_to_habitat", { p_habitat_id: habitatId, p_email: email });
    check(error);
    if (!data) throw new StreamingError(null, "invitation created without an id");
    return data;
  }

  /** Makes an invite link; its token is returned this once. */
  async createInviteLink(habitatId: string, expiresAt: string | null, maxUses: number | null): Promise<NewInviteLink> {
    const { data, error } = await this.supabase.rpc("create_habitat_invite_link", {
      p_habitat_id: habitatId,
      ...(expiresAt ? { p_expires_at: expiresAt } : {}),
      ...(maxUses ? { p_max_uses: maxUses } : {}),
    });
    check(error);
    const row = data?.[0];
    if (!row) throw new StreamingError(null, "invite link created without a token");
    return { invitationId: row.invitation_id, token: row.token };
  }

  async revokeInvitation(invitationId: string): Promise<void> {
    const { error } = await this.supabase.rpc("revoke_habitat_invitation", { p_invitation_id: invitationId });
    check(error);
  }

  /** The invitations addressed to the caller, with each habitat's name. */
  async listMyInvitations(): Promise<MyInvitation[]> {
    const { data, error } = await this.supabase.rpc("get_my_habitat_invitations");
    check(error);
    return (data ?? []).map((row) => ({
      id: row.invitation_id,
      habitatId: row.habitat_id,
      habitatName: row.habitat_name,
      invitedAt: row.invited_at,
    }));
  }

  /** Where an invite link leads and whether it works; null for a token that leads nowhere. */
  async getInviteLink(token: string): Promise<InviteLinkPreview | null> {
    const { data, error } = await this.supabase.rpc("get_habitat_invite_link", { p_token: token });
    check(error);
    const row = data?.[0];
    return row ? { habitatId: row.habitat_id, habitatName: row.habitat_name, state: toLinkState(row.state) } : null;
  }

  /** Joins through an invite link; returns the habitat's id. */
  async acceptInviteLink(token: string): Promise<string> {
    const { data, error } = await this.supabase.rpc("accept_habitat_invite_link", { p_token: token });
    check(error);
    if (!data) throw new StreamingError(null, "accepted without a habitat");
    return data;
  }

  /** Accepts an email invitation addressed to the caller; returns the habitat's id. */
  async acceptInvitation(invitationId: string): Promise<string> {
    const { data, error } = await this.supabase.rpc("accept_habitat_invitation", { p_invitation_id: invitationId });
    check(error);
    if (!data) throw new StreamingError(null, "accepted without a habitat");
    return data;
  }

  async declineInvitation(invitationId: string): Promise<void> {
    const { error } = await this.supabase.rpc("decline_habitat_invitation", { p_invitation_id: invitationId });
    check(error);
  }
}
