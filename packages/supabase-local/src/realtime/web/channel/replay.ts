// Replay at join (config.broadcast.replay {since, limit}), as RealtimeChannel.join runs can_replay?
// and maybe_replay_messages: private channels only, only for members who may read broadcasts;
// `since` (ms since the epoch) and `limit` (default 25, kept within 1..25) must be integers. The
// messages come from realtime.messages (../../tenants/messages), are pushed right after the join's
// reply, oldest first, with meta {replayed: true, id}, and their ids keep the live stream from
// delivering them twice.
import { MESSAGES, reason } from "../../protocol/messages";
import { REPLAY_MAX, type StoredMessage } from "../../tenants/messages";
import { asRecord } from "../payloads/fields";
import type { JoinRequest } from "../payloads/join";
import type { ChannelPolicies } from "./channel-policies";

export interface ReplayServices {
  replayMessages(topic: string, sinceMs: number, limit: number): Promise<StoredMessage[]>;
  log(message: string): void;
}

export type Replay = { ok: true; messages: StoredMessage[] } | { ok: false; response: { reason: string } };

const NONE: Replay = { ok: true, messages: [] };

/** The messages a join asked to replay, or the join's error response. */
export async function replayForJoin(
  services: ReplayServices,
  request: JoinRequest,
  policies: ChannelPolicies,
  topic: string,
): Promise<Replay> {
  if (!request.replay) return NONE;
  if (policies.isPrivate && !policies.readsBroadcast())
    return { ok: false, response: reason("Unauthorized", MESSAGES.noReadPermission(topic)) };
  if (!request.isPrivate) return { ok: false, response: MESSAGES.replayPublic };
  const value = request.replay.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return NONE;
  const params = asRecord(value);
  const since = params.since;
  const limit = params.limit === undefined || params.limit === null || params.limit === false ? REPLAY_MAX : params.limit;
  if (!Number.isInteger(since) || !Number.isInteger(limit) || Number.isNaN(new Date(since as number).getTime()))
    return { ok: false, response: MESSAGES.replayInvalid };
  try {
    return { ok: true, messages: await services.replayMessages(topic, since as number, limit as number) };
  } catch (error) {
    services.log(`replay of ${topic} failed: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, response: MESSAGES.replayFailed };
  }
}
