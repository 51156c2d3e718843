// Turning database and API failures into sentences a person can act on. Postgres error codes:
// 23505 unique violation, 42501 insufficient privilege (RLS or an explicit check), 23514 check
// violation, P0002 no data found (PT404 when raised for PostgREST's 404), 23503 foreign key violation,
// PT429 a quota (PostgREST's 429). A refusal never tells whether a party or habitat exists.

export const SESSION_EXPIRED = "Your session expired — sign in again";
export const GENERIC_FAILURE = "Something went wrong. Please try again.";

export type Operation = "join" | "leave" | "reminder" | "makeHost" | "remove" | "createParty" | "editParty" | "cancelParty" | "deleteParty";

/** PostgREST refused the session's token (expired, revoked, malformed): sign in again. */
export const isSessionRefused = (code: string | null): boolean => code === "PGRST301" || code === "PGRST302" || code === "PGRST303";

/** A failed query or call, carrying the PostgREST/Postgres error code when there is one. */
export class StreamingError extends Error {
  readonly code: string | null;

  constructor(code: string | null | undefined, message: string) {
    super(message);
    this.name = "StreamingError";
    this.code = code ?? null;
  }
}

const NOT_ALLOWED: Record<Operation, string> = {
  // the database refuses a party that does not exist and one of another habitat alike
  join: "You cannot join this party: it does not exist, or you are not a member of its habitat",
  leave: "You cannot leave this party",
  reminder: "Only participants can turn on a reminder",
  makeHost: "Only the host can make someone else host",
  remove: "Only the host can remove participants",
  createParty: "Only members of this habitat can schedule a party",
  editParty: "Only cancelling changes a party's status",
  cancelParty: "Only the party's creator, its host and the habitat's owners and moderators can cancel it",
  deleteParty: "Deleting this party is for its creator and the habitat's owners and moderators",
};

/** A refused change of a party's times or state (check violations), in words. */
function describeRefusedChange(operation: Operation, message: string): string {
  if (message.includes("cancelled")) return "This party was cancelled";
  if (operation !== "editParty" || message.includes("ended")) return "This party has ended";
  if (message.includes("past")) return "The start time must be in the future";
  return "Check the times: the party must end after it starts";
}

/** The message shown for `error` when `operation` failed. */
export function describeError(operation: Operation, error: unknown): string {
  if (!(error instanceof StreamingError)) return GENERIC_FAILURE;
  const message = error.message.toLowerCase();
  switch (error.code) {
    case "23505":
      return operation === "join" ? "You already joined" : GENERIC_FAILURE;
    case "42501":
      return NOT_ALLOWED[operation];
    case "23514":
      if (operation === "createParty") return "Check the times: the party must end after it starts";
      return describeRefusedChange(operation, message);
    case "P0002":
    case "PT404": // the same "no data found", raised with the code PostgREST answers as 404
      if (operation === "makeHost" && message.includes("participant")) return "They are no longer in this party";
      return "This party no longer exists";
    case "23503":
      return "This party no longer exists";
    case "PT429":
      if (operation !== "createParty" && operation !== "editParty") return GENERIC_FAILURE;
      return message.includes("an hour")
        ? "You have scheduled as many parties as you can in an hour. Try again later."
        : "This habitat has as many upcoming parties as it can hold. Cancel one, or wait until one has started.";
    case "PGRST301":
    case "PGRST302":
    case "PGRST303":
      return SESSION_EXPIRED;
    default:
      return GENERIC_FAILURE;
  }
}
