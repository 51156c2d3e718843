// Who may do what to whom in a habitat, as the database decides it (migration 20260115): roles
// change only below the one who changes them, and to no role above theirs.
import type { HabitatRole } from "@/lib/streaming/types";

export const HABITAT_ROLES = ["owner", "moderator", "member"] as const satisfies readonly HabitatRole[];

const RANK: Record<HabitatRole, number> = { owner: 3, moderator: 2, member: 1 };

/** Owners and moderators invite, revoke and remove. */
export function canInvite(role: HabitatRole): boolean {
  return RANK[role] >= RANK.moderator;
}

/** Whether someone of `viewerRole` removes, or changes the role of, someone of `memberRole`. */
export function canManageMember(viewerRole: HabitatRole, memberRole: HabitatRole): boolean {
  return RANK[memberRole] < RANK[viewerRole];
}

/** The roles someone of `viewerRole` may give: their own and those below. */
export function assignableRoles(viewerRole: HabitatRole): HabitatRole[] {
  return HABITAT_ROLES.filter((role) => RANK[role] <= RANK[viewerRole]);
}

/** "Owner", "Moderator", "Member". */
export function roleLabel(role: HabitatRole): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
