// Who is joined to which topic, and broadcasts to them (Phoenix.PubSub's part in Realtime). Public
// and private channels of the same name are different topics (Realtime's tenant_topic keeps them
// apart), so members are kept under `public:<name>` or `private:<name>`. A broadcast reaches every
// member but its sender; JSON payloads travel as JSON broadcasts, a payload that arrived in a binary
// frame stays bytes (RealtimeWeb.Socket.UserBroadcast).
import type { BroadcastPayload, PresenceDiff } from "./protocol/messages";

export interface TopicMember {
  readonly topicKey: string;
  /** a broadcast with a JSON payload */
  deliverBroadcast(payload: BroadcastPayload): void;
  /** a broadcast that arrived as a binary frame, payload bytes untouched */
  deliverUserBroadcast(userEvent: string, encoding: "json" | "binary", bytes: Buffer): void;
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

  broadcastBytes(key: string, userEvent: string, encoding: "json" | "binary", bytes: Buffer, sender?: TopicMember): void {
    for (const member of this.membersOf(key)) if (member !== sender) member.deliverUserBroadcast(userEvent, encoding, bytes);
  }
}
