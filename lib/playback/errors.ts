// A refused playback write, as a sentence (42501: not, or no longer, the host; PT404: the party is
// gone or out of reach; 22023: a value out of range).
import { GENERIC_FAILURE, isSessionRefused, SESSION_EXPIRED, StreamingError } from "@/lib/streaming/errors";
import { PLAYBACK_INPUT_NOT_VALID } from "./schemas";

export const ONLY_THE_HOST = "Only the host controls playback";

export function describePlaybackError(error: unknown): string {
  if (!(error instanceof StreamingError)) return GENERIC_FAILURE;
  if (isSessionRefused(error.code)) return SESSION_EXPIRED;
  switch (error.code) {
    case "42501":
      return ONLY_THE_HOST;
    case "PT404":
    case "P0002":
      return "This party no longer exists";
    case "22023":
    case "22P02":
    case "22007":
      return PLAYBACK_INPUT_NOT_VALID;
    default:
      return GENERIC_FAILURE;
  }
}
