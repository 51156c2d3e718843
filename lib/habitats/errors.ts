// What a refused habitat action says. Postgres and PostgREST codes (migration 20260115): 42501 not
// allowed, 22023 a bad value, 23514 a check (a name), PT404 not found (or not the caller's to see),
// PT409 a conflict (the last owner, an answered invitation), PT410 an invitation that no longer
// works, PT429 a quota.
import { GENERIC_FAILURE, isSessionRefused, SESSION_EXPIRED, StreamingError } from "@/lib/streaming/errors";

export type HabitatOperation =
  | "createHabitat"
  | "updateHabitat"
  | "deleteHabitat"
  | "invite"
  | "createLink"
  | "revoke"
  | "acceptLink"
  | "accept"
  | "decline"
  | "leave"
  | "removeMember"
  | "changeRole";

const NOT_ALLOWED: Record<HabitatOperation, string> = {
  createHabitat: "Sign in to create a habitat",
  updateHabitat: "Only the habitat's owner can change its settings",
  deleteHabitat: "Deleting this habitat is for its owner only",
  invite: "Only owners and moderators can invite people",
  createLink: "Only owners and moderators can create invite links",
  revoke: "Only owners and moderators can revoke invitations",
  acceptLink: "Sign in to accept the invitation",
  accept: "Sign in to accept the invitation",
  decline: "Sign in to decline the invitation",
  leave: "You cannot leave this habitat",
  removeMember: "You can remove only members below your own role",
  changeRole: "You can give a role up to your own, to members below you",
};

const NOT_FOUND: Record<HabitatOperation, string> = {
  createHabitat: GENERIC_FAILURE,
  updateHabitat: "This habitat no longer exists",
  deleteHabitat: "This habitat no longer exists",
  invite: "This habitat no longer exists",
  createLink: "This habitat no longer exists",
  revoke: "This invitation no longer exists",
  acceptLink: "This invite link is not valid",
  accept: "This invitation no longer exists",
  decline: "This invitation no longer exists",
  leave: "This habitat no longer exists",
  removeMember: "This habitat no longer exists",
  changeRole: "This habitat no longer exists",
};

/** An invitation that stopped working, by what the database said. */
function goneInvitation(message: string): string {
  if (message.includes("revoked")) return "This invitation was revoked";
  if (message.includes("expired")) return "This invitation has expired";
  if (message.includes("used up")) return "This invite link has been used up";
  if (message.includes("declined")) return "You declined this invitation";
  return "This invitation was already answered";
}

/** A conflict, by operation: the habitat's last owner, or an invitation answered meanwhile. */
function conflict(operation: HabitatOperation, message: string): string {
  if (message.includes("owner")) return "You are the habitat's only owner: make another member owner before you leave";
  if (operation === "decline") return "You already accepted this invitation";
  return message.includes("declined") ? "This invitation was already declined" : "This invitation was already accepted";
}

/** The message shown for `error` when `operation` failed. */
export function describeHabitatError(operation: HabitatOperation, error: unknown): string {
  if (!(error instanceof StreamingError)) return GENERIC_FAILURE;
  if (isSessionRefused(error.code)) return SESSION_EXPIRED;
  const message = error.message.toLowerCase();
  switch (error.code) {
    case "42501":
      return NOT_ALLOWED[operation];
    case "22023":
      return operation === "invite" ? "Enter a valid email address" : "Choose an expiry within a year and at most 1000 uses";
    case "23514":
      return "Give the habitat a name of at most 100 characters";
    case "PT404":
    case "23503":
      return NOT_FOUND[operation];
    case "PT409":
      return conflict(operation, message);
    case "PT410":
      return goneInvitation(message);
    case "PT429":
      return operation === "createHabitat"
        ? "You own 10 habitats, the most one person may. Delete one to create another."
        : "This habitat has 50 open invitations, the most it may. Revoke some first.";
    default:
      return GENERIC_FAILURE;
  }
}
