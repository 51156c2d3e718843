// Who is joined to which topic. Public and private channels of the same name are different topics
// (Realtime's tenant_topic keeps them apart), so members are kept under `public:<name>` or
// `private:<name>`.
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
}
