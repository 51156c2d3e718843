// Presence as Phoenix.Presence keeps it for Realtime: per topic, each channel tracks at most one
// entry under its presence key, with the tracked payload as meta plus a `phx_ref`. Every change
// goes to every member of the topic (the tracking channel included) as a presence_diff
// {joins, leaves}; a re-track with a new payload leaves the old meta and joins the new one (with
// `phx_ref_prev`). A channel that goes away (leave, close, socket closed) leaves its entry.
import { randomBytes } from "node:crypto";
import type { PresenceDiff, PresenceEntries, PresenceMeta } from "./protocol/messages";
import type { TopicMember, TopicRegistry } from "./topics";

interface Entry {
  key: string;
  payload: Record<string, unknown>;
  meta: PresenceMeta;
}

function newRef(): string {
  return randomBytes(12).toString("base64url");
}

function entries(key: string, meta: PresenceMeta): PresenceEntries {
  const out: PresenceEntries = Object.create(null) as PresenceEntries;
  out[key] = { metas: [meta] };
  return out;
}

const EMPTY = (): PresenceEntries => Object.create(null) as PresenceEntries;

function samePayload(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class PresenceRegistry {
  private readonly topics = new Map<string, Map<TopicMember, Entry>>();

  constructor(private readonly members: TopicRegistry) {}

  /** The presence_state of a topic: {key: {metas: [...]}}. */
  state(topicKey: string): PresenceEntries {
    const state = EMPTY();
    for (const { key, meta } of this.topics.get(topicKey)?.values() ?? []) {
      (state[key] ??= { metas: [] }).metas.push(meta);
    }
    return state;
  }

  track(member: TopicMember, key: string, payload: Record<string, unknown>): void {
    let topic = this.topics.get(member.topicKey);
    if (!topic) this.topics.set(member.topicKey, (topic = new Map()));
    const previous = topic.get(member);
    if (previous && previous.key === key && samePayload(previous.payload, payload)) return;
    const meta: PresenceMeta = { ...payload, phx_ref: newRef() };
    if (previous) meta.phx_ref_prev = previous.meta.phx_ref;
    topic.set(member, { key, payload, meta });
    this.publish(member.topicKey, { joins: entries(key, meta), leaves: previous ? entries(previous.key, previous.meta) : EMPTY() });
  }

  untrack(member: TopicMember): void {
    const topic = this.topics.get(member.topicKey);
    const previous = topic?.get(member);
    if (!topic || !previous) return;
    topic.delete(member);
    if (topic.size === 0) this.topics.delete(member.topicKey);
    this.publish(member.topicKey, { joins: EMPTY(), leaves: entries(previous.key, previous.meta) });
  }

  private publish(topicKey: string, diff: PresenceDiff): void {
    for (const member of this.members.membersOf(topicKey)) member.deliverPresenceDiff(diff);
  }
}
