// Broadcast messages from a channel's client, as RealtimeChannel.BroadcastHandler handles them: the
// message goes to the members of the channel's topic, the sender too only with `self: true`, and
// is acknowledged only with `ack: true`. On a private channel the client needs broadcast write
// permission (checked on its first broadcast, then cached); without it the message is dropped with
// no reply, even with `ack: true`. A payload that arrived in a binary (kind 3) frame is passed on as
// bytes.
import type { ChannelLimits } from "../../limits/limiter";
import { LIMIT_MESSAGES, type BroadcastPayload, type ReplyPayload } from "../../protocol/messages";
import type { UserBroadcastPush } from "../../protocol/serializer";
import type { TopicMember, TopicRegistry } from "../../topics";

/** The channel's config.broadcast. */
export interface BroadcastConfig {
  self: boolean;
  ack: boolean;
}

/** What the channel's policies say about writing. */
export interface BroadcastWriteGate {
  mayBroadcast(): Promise<boolean>;
}

export class BroadcastHandler {
  constructor(
    private readonly topics: TopicRegistry,
    /** the channel's member of its topic */
    private readonly sender: TopicMember,
    private readonly config: BroadcastConfig,
    private readonly writes: BroadcastWriteGate,
    /** counts the broadcast; false over the payload size limit (dropped, `payload_size_exceeded` with ack) */
    private readonly limits: Pick<ChannelLimits, "clientBroadcast" | "clientBroadcastBytes">,
  ) {}

  /** A broadcast with a JSON payload; resolves to the reply to send, if any. */
  async handle(payload: Record<string, unknown>): Promise<ReplyPayload | null> {
    if (!(await this.writes.mayBroadcast())) return null;
    if (!this.limits.clientBroadcast(payload)) return this.acknowledgement(false);
    this.topics.broadcastJson(this.sender.topicKey, payload as unknown as BroadcastPayload, this.excluded());
    return this.acknowledgement();
  }

  /** A broadcast that arrived in a binary frame; resolves to the reply to send, if any. */
  async handleBytes(pushed: UserBroadcastPush): Promise<ReplyPayload | null> {
    if (!(await this.writes.mayBroadcast())) return null;
    if (!this.limits.clientBroadcastBytes(pushed)) return this.acknowledgement(false);
    this.topics.broadcastBytes(
      this.sender.topicKey,
      { event: pushed.userEvent, encoding: pushed.encoding, payload: pushed.payload, metadata: null },
      this.excluded(),
    );
    return this.acknowledgement();
  }

  private excluded(): TopicMember | undefined {
    return this.config.self ? undefined : this.sender;
  }

  private acknowledgement(sent = true): ReplyPayload | null {
    if (!this.config.ack) return null;
    return sent ? { status: "ok", response: {} } : { status: "error", response: LIMIT_MESSAGES.payloadSizeExceeded };
  }
}
