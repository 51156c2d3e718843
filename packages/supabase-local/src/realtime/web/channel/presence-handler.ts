// Presence messages from a channel's client, as RealtimeChannel.PresenceHandler handles them:
// `track` tracks the payload (which must be a map) under the channel's presence key, `untrack`
// leaves; a message without an event is acknowledged, an unknown event is an error. On a private
// channel `track` needs presence write permission (checked on the first track, then cached):
// without it the reply is an error with an empty response, nothing is tracked and the channel stays
// joined. `untrack` is never checked.
import type { ChannelLimits } from "../../limits/limiter";
import { MESSAGES, type ReplyPayload } from "../../protocol/messages";
import type { PresenceRegistry } from "../../presence";
import type { TopicMember } from "../../topics";

const OK: ReplyPayload = { status: "ok", response: {} };
const ERROR: ReplyPayload = { status: "error", response: {} };

/** What the channel's policies say about tracking. */
export interface PresenceWriteGate {
  mayTrack(): Promise<boolean>;
}

export class PresenceHandler {
  constructor(
    private readonly presence: PresenceRegistry,
    /** the channel's member of its topic */
    private readonly member: TopicMember,
    /** config.presence.key */
    private readonly key: string,
    private readonly writes: PresenceWriteGate,
    /** the client's presence window, the tenant's presence rate and the track size: a refusal ends the channel, unanswered */
    private readonly limits: Pick<ChannelLimits, "presenceMessage" | "presenceTrack" | "presenceUntracked">,
  ) {}

  /** Resolves to the reply to send. */
  async handle(payload: Record<string, unknown>): Promise<ReplyPayload | null> {
    const event = typeof payload.event === "string" ? payload.event.toLowerCase() : undefined;
    if (event === undefined) return OK;
    if (!this.limits.presenceMessage()) return null;
    if (event === "track") {
      if (!(await this.writes.mayTrack())) return ERROR;
      const tracked = payload.payload === undefined ? {} : payload.payload;
      if (typeof tracked !== "object" || tracked === null || Array.isArray(tracked))
        return { status: "error", response: { reason: MESSAGES.presencePayloadNotMap } };
      if (!this.limits.presenceTrack(tracked as Record<string, unknown>)) return null;
      this.presence.track(this.member, this.key, tracked as Record<string, unknown>);
      return OK;
    }
    if (event === "untrack") {
      this.limits.presenceUntracked();
      this.presence.untrack(this.member);
      return OK;
    }
    return ERROR;
  }
}
