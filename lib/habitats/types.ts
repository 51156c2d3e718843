// The app's view of habitats' invitations: camelCase, mapped from lib/database.types.ts rows in
// habitat-repository.ts.

/** An open invitation as the habitat's owners and moderators see it (the habitat page). */
export interface HabitatInvitation {
  id: string;
  kind: "email" | "link";
  /** the invited address (email invitations) */
  email: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  useCount: number;
  createdAt: string;
}

/** An invitation addressed to the signed-in user (the dashboard): the habitat's name, nothing more. */
export interface MyInvitation {
  id: string;
  habitatId: string;
  habitatName: string;
  invitedAt: string;
}

export const INVITE_LINK_STATES = ["open", "expired", "revoked", "used_up", "member"] as const;
export type InviteLinkState = (typeof INVITE_LINK_STATES)[number];

/** Where an invite link leads, for the signed-in holder of its token. */
export interface InviteLinkPreview {
  habitatId: string;
  habitatName: string;
  state: InviteLinkState;
}

/** A link just made: its token is shown this once (the database keeps only its hash). */
export interface NewInviteLink {
  invitationId: string;
  token: string;
}
