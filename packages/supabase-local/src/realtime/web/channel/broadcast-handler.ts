// Broadcast messages from a channel's client, as RealtimeChannel.BroadcastHandler handles them: the
// message goes to the members of the channel's topic, the sender too only with `self: true`, and
// is acknowledged only with `ack: true`. A payload that arrived in a binary (kind 3) frame is passed
// on as bytes.
import type { BroadcastPayload, ReplyPayload } from "../../protocol/messages";
import type { UserBroadcastPush } from "../../protocol/serializer";
import type { TopicMember, TopicRegistry } from "../../topics";

/** The channel's config.broadcast. */
export interface BroadcastConfig {
  self: boolean;
  ack: boolean;
}

export class BroadcastHandler {
  constructor(
    private readonly topics: TopicRegistry,
    /** the channel's member of its topic */
    private readonly sender: TopicMember,
    private readonly config: BroadcastConfig,
  ) {}

  /** A broadcast with a JSON payload; returns the reply to send, if any. */
  handle(payload: Record<string, unknown>): ReplyPayload | null {
    this.topics.broadcastJson(this.sender.topicKey, payload as unknown as BroadcastPayload, this.excluded());
    return this.acknowledgement();
  }

  /** A broadcast that arrived in a binary frame; returns the reply to send, if any. */
  handleBytes(pushed: UserBroadcastPush): ReplyPayload | null {
    this.topics.broadcastBytes(this.sender.topicKey, pushed.userEvent, pushed.encoding, pushed.payload, this.excluded());
    return this.acknowledgement();
  }

  private excluded(): TopicMember | undefined {
    return this.config.self ? undefined : this.sender;
  }

  private acknowledgement(): ReplyPayload | null {
    return this.config.ack ? { status: "ok", response: {} } : null;
  }
}
