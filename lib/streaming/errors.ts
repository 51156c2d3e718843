// Turning database and API failures into sentences a person can act on. Postgres error codes:
// 23505 unique violation, 42501 insufficient privilege (RLS or an explicit check), 23514 check
// violation, P0002 no data found (PT404 when raised for PostgREST's 404), 23503 foreign key violation.

export const SESSION_EXPIRED = "Your session expired — sign in again";
export const GENERIC_FAILURE = "Something went wrong. Please try again.";

export type Operation = "join" | "leave" | "reminder" | "makeHost" | "remove" | "createParty";

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
  join: "Only members of this habitat can join",
  leave: "You cannot leave this party",
  reminder: "Only participants can turn on a reminder",
  makeHost: "Only the host can make someone else host",
  remove: "Only the host can remove participants",
  createParty: "Only members of this habitat can schedule a party",
};

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
      return message.includes("cancelled") ? "This party was cancelled" : "This party has ended";
    case "P0002":
    case "PT404": // the same "no data found", raised with the code PostgREST answers as 404
      if (operation === "makeHost" && message.includes("participant")) return "They are no longer in this party";
      return "This party no longer exists";
    case "23503":
      return "This party no longer exists";
    case "PGRST301":
    case "PGRST302":
    case "PGRST303":
      return SESSION_EXPIRED;
    default:
      return GENERIC_FAILURE;
  }
}
