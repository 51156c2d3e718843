// Presence messages from a channel's client, as RealtimeChannel.PresenceHandler handles them:
// `track` tracks the payload (which must be a map) under the channel's presence key, `untrack`
// leaves; a message without an event is acknowledged, an unknown event is an error.
import { MESSAGES, type ReplyPayload } from "../../protocol/messages";
import type { PresenceRegistry } from "../../presence";
import type { TopicMember } from "../../topics";

const OK: ReplyPayload = { status: "ok", response: {} };

export class PresenceHandler {
  constructor(
    private readonly presence: PresenceRegistry,
    /** the channel's member of its topic */
    private readonly member: TopicMember,
    /** config.presence.key */
    private readonly key: string,
  ) {}

  /** Returns the reply to send. */
  handle(payload: Record<string, unknown>): ReplyPayload {
    const event = typeof payload.event === "string" ? payload.event.toLowerCase() : undefined;
    if (event === undefined) return OK;
    if (event === "track") {
      const tracked = payload.payload === undefined ? {} : payload.payload;
      if (typeof tracked !== "object" || tracked === null || Array.isArray(tracked)) return { status: "error", response: { reason: MESSAGES.presencePayloadNotMap } };
      this.presence.track(this.member, this.key, tracked as Record<string, unknown>);
      return OK;
    }
    if (event === "untrack") {
      this.presence.untrack(this.member);
      return OK;
    }
    return { status: "error", response: {} };
  }
}
