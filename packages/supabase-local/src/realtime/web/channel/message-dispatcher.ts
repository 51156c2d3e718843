// Deliveries to one channel from the rest of the service, as RealtimeChannel.MessageDispatcher
// makes them: postgres_changes, broadcasts and presence diffs, encoded for the socket's
// serializer. Fastlane pushes (changes, broadcasts) carry no join_ref; a presence diff and replayed
// messages are the channel's own pushes. A broadcast whose payload is bytes (a binary frame, the
// database, the single-message REST endpoint) goes out as a kind 4 binary frame on 2.0.0, its
// metadata ({id}) included; on 1.0.0 a JSON one becomes a JSON broadcast (metadata as `meta`) and a
// binary one is dropped, as Realtime drops it. What the channel may not read is withheld: every
// broadcast without broadcast read, presence diffs without presence read, and a broadcast whose id
// was already replayed. The dispatcher is the channel's member of its topic and target of its
// subscriptions; nothing is delivered once the channel has ended.
import type { ChangeTarget } from "../../extensions/postgres-changes/subscription-registry";
import { postgresChangesPayloadJson } from "../../extensions/postgres-changes/messages";
import { EVENTS, push, type BroadcastPayload, type PresenceDiff } from "../../protocol/messages";
import { encodeMessage, encodeRaw, encodeUserBroadcast } from "../../protocol/serializer";
import type { ChannelLimits } from "../../limits/limiter";
import type { StoredMessage } from "../../tenants/messages";
import type { TopicMember, UserBroadcast } from "../../topics";
import type { ChannelSocket } from "./channel";

/** What the channel's policies let it read, asked at each delivery. */
export interface ReadGate {
  readsBroadcast(): boolean;
  readsPresence(): boolean;
}

export class MessageDispatcher implements TopicMember, ChangeTarget {
  private stopped = false;
  /** ids of the messages replayed at join */
  private readonly replayed = new Set<string>();

  constructor(
    private readonly socket: ChannelSocket,
    private readonly topic: string,
    private readonly joinRef: string | null,
    readonly topicKey: string,
    private readonly reads: ReadGate,
    /** counts what the channel receives (and ends it past the events limit) */
    private readonly limits: Pick<ChannelLimits, "broadcastDelivered" | "presenceDiffDelivered">,
  ) {}

  /** The channel ended: deliver nothing more. */
  stop(): void {
    this.stopped = true;
  }

  deliverChange(ids: number[], dataJson: string): void {
    if (this.stopped) return;
    this.socket.send(encodeRaw(this.socket.vsn, null, null, this.topic, EVENTS.postgresChanges, postgresChangesPayloadJson(ids, dataJson)));
  }

  deliverBroadcast(payload: BroadcastPayload): void {
    if (!this.mayDeliverBroadcast(payload.meta?.id)) return;
    this.socket.send(encodeMessage(this.socket.vsn, push(null, this.topic, EVENTS.broadcast, payload)));
    this.limits.broadcastDelivered();
  }

  deliverUserBroadcast(message: UserBroadcast): void {
    if (!this.mayDeliverBroadcast(message.metadata?.id)) return;
    this.sendUserBroadcast(null, message);
    this.limits.broadcastDelivered();
  }

  deliverPresenceDiff(diff: PresenceDiff): void {
    if (this.stopped || !this.reads.readsPresence()) return;
    this.socket.send(encodeMessage(this.socket.vsn, push(this.joinRef, this.topic, EVENTS.presenceDiff, diff)));
    this.limits.presenceDiffDelivered();
  }

  /** Pushes the messages replayed at join (oldest first) and keeps their ids from being delivered again. */
  deliverReplayed(messages: StoredMessage[]): void {
    for (const message of messages) {
      this.replayed.add(message.id);
      if (this.stopped) continue;
      const meta = { replayed: true, id: message.id };
      if (message.binaryPayload) {
        this.sendUserBroadcast(this.joinRef, {
          event: message.event ?? "",
          encoding: "binary",
          payload: message.binaryPayload,
          metadata: meta,
        });
      } else {
        this.socket.send(
          encodeMessage(
            this.socket.vsn,
            push(this.joinRef, this.topic, EVENTS.broadcast, { type: "broadcast", event: message.event, payload: message.payload, meta }),
          ),
        );
      }
    }
  }

  private mayDeliverBroadcast(id: unknown): boolean {
    return !this.stopped && this.reads.readsBroadcast() && !(typeof id === "string" && this.replayed.has(id));
  }

  private sendUserBroadcast(joinRef: string | null, message: UserBroadcast): void {
    if (this.socket.vsn === "2.0.0") {
      this.socket.send(encodeUserBroadcast(this.topic, message.event, message.metadata, message.encoding, message.payload));
      return;
    }
    if (message.encoding === "binary") return; // 1.0.0 cannot carry bytes: Realtime drops them
    let payload: unknown;
    try {
      payload = JSON.parse(message.payload.toString("utf8"));
    } catch {
      return;
    }
    const broadcast: BroadcastPayload = { type: "broadcast", event: message.event, payload };
    if (message.metadata) broadcast.meta = message.metadata;
    this.socket.send(encodeMessage(this.socket.vsn, push(joinRef, this.topic, EVENTS.broadcast, broadcast)));
  }
}
