// A refused chat action, as a sentence. PT429 is the database's rate limit; 23514 a body the
// database refused (the action checks the same rules first); 42501 someone who may not.
import { GENERIC_FAILURE, isSessionRefused, SESSION_EXPIRED, StreamingError } from "@/lib/streaming/errors";

export type ChatOperation = "send" | "edit" | "delete";

export const CHAT_RATE_LIMITED = "You are sending messages too quickly. Wait a few seconds and try again.";

const NOT_ALLOWED: Record<ChatOperation, string> = {
  send: "Join the party to chat",
  edit: "You can only edit your own messages",
  delete: "You can only delete your own messages",
};

export function describeChatError(operation: ChatOperation, error: unknown): string {
  if (!(error instanceof StreamingError)) return GENERIC_FAILURE;
  if (isSessionRefused(error.code)) return SESSION_EXPIRED;
  switch (error.code) {
    case "PT429":
      return CHAT_RATE_LIMITED;
    case "42501":
      return NOT_ALLOWED[operation];
    case "23514":
      return "Write 1 to 500 characters, without control characters";
    case "23503":
    case "PT404":
      return "This party no longer exists";
    case "P0002":
      return "That message was already deleted";
    default:
      return GENERIC_FAILURE;
  }
}
