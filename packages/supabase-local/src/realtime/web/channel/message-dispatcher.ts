// Deliveries to one channel from the rest of the service, as RealtimeChannel.MessageDispatcher
// makes them: postgres_changes, broadcasts and presence diffs, encoded for the socket's
// serializer. Fastlane pushes (changes, broadcasts) carry no join_ref; a presence diff is the
// channel's own push. A broadcast that arrived as bytes goes out as a binary frame on 2.0.0; on
// 1.0.0 a JSON one becomes a JSON broadcast and a binary one is dropped, as Realtime drops it. The
// dispatcher is the channel's member of its topic and target of its subscriptions; nothing is
// delivered once the channel has ended.
import type { ChangeTarget } from "../../extensions/postgres-changes/subscription-registry";
import { postgresChangesPayloadJson } from "../../extensions/postgres-changes/messages";
import { EVENTS, push, type BroadcastPayload, type PresenceDiff } from "../../protocol/messages";
import { encodeMessage, encodeRaw, encodeUserBroadcast } from "../../protocol/serializer";
import type { TopicMember } from "../../topics";
import type { ChannelSocket } from "./channel";

export class MessageDispatcher implements TopicMember, ChangeTarget {
  private stopped = false;

  constructor(
    private readonly socket: ChannelSocket,
    private readonly topic: string,
    private readonly joinRef: string | null,
    readonly topicKey: string,
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
    if (this.stopped) return;
    this.socket.send(encodeMessage(this.socket.vsn, push(null, this.topic, EVENTS.broadcast, payload)));
  }

  deliverUserBroadcast(userEvent: string, encoding: "json" | "binary", bytes: Buffer): void {
    if (this.stopped) return;
    if (this.socket.vsn === "2.0.0") {
      this.socket.send(encodeUserBroadcast(this.topic, userEvent, null, encoding, bytes));
      return;
    }
    if (encoding === "binary") return; // 1.0.0 cannot carry bytes: Realtime drops them
    let payload: unknown;
    try {
      payload = JSON.parse(bytes.toString("utf8"));
    } catch {
      return;
    }
    this.deliverBroadcast({ type: "broadcast", event: userEvent, payload });
  }

  deliverPresenceDiff(diff: PresenceDiff): void {
    if (this.stopped) return;
    this.socket.send(encodeMessage(this.socket.vsn, push(this.joinRef, this.topic, EVENTS.presenceDiff, diff)));
  }
}
