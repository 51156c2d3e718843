// Who is joined to which topic, and broadcasts to them (Phoenix.PubSub's part in Realtime). Public
// and private channels of the same name are different topics (Realtime's tenant_topic keeps them
// apart), so members are kept under `public:<name>` or `private:<name>`. A broadcast reaches every
// member but its sender; JSON payloads travel as JSON broadcasts, a payload that arrived in a binary
// frame (or from the database, or the single-message REST endpoint) stays bytes
// (RealtimeWeb.Socket.UserBroadcast). Each member decides what it may read (a private channel's
// policies).
import type { BroadcastPayload, PresenceDiff } from "./protocol/messages";

/** A broadcast whose payload travels as bytes: JSON text or raw bytes, with optional metadata ({id}). */
export interface UserBroadcast {
  event: string;
  encoding: "json" | "binary";
  payload: Buffer;
  metadata: Record<string, unknown> | null;
}

export interface TopicMember {
  readonly topicKey: string;
  /** a broadcast with a JSON payload */
  deliverBroadcast(payload: BroadcastPayload): void;
  /** a broadcast whose payload is bytes, delivered untouched */
  deliverUserBroadcast(message: UserBroadcast): void;
  deliverPresenceDiff(diff: PresenceDiff): void;
}

export function topicKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? "private" : "public"}:${subTopic}`;
}

export class TopicRegistry {
  private readonly members = new Map<string, Set<TopicMember>>();

  add(member: TopicMember): void {
    let set = this.members.get(member.topicKey);
    if (!set) this.members.set(member.topicKey, (set = new Set()));
    set.add(member);
  }

  remove(member: TopicMember): void {
    const set = this.members.get(member.topicKey);
    set?.delete(member);
    if (set && set.size === 0) this.members.delete(member.topicKey);
  }

  membersOf(key: string): TopicMember[] {
    return [...(this.members.get(key) ?? [])];
  }

  broadcastJson(key: string, payload: BroadcastPayload, sender?: TopicMember): void {
    for (const member of this.membersOf(key)) if (member !== sender) member.deliverBroadcast(payload);
  }

  broadcastBytes(key: string, message: UserBroadcast, sender?: TopicMember): void {
    for (const member of this.membersOf(key)) if (member !== sender) member.deliverUserBroadcast(message);
  }
}
