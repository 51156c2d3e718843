// The channel protocol's message shapes and error texts, in one place, as Supabase Realtime sends
// them (lib/realtime_web/channels/realtime_channel.ex, its Logging module, UserSocket's connect
// errors and Phoenix's own replies). The web layer builds messages only through this module; the
// postgres_changes payloads are the extension's (../extensions/postgres-changes/messages).
import type { TokenError } from "../authorization/jwt";
import type { PhoenixMessage } from "./serializer";

export const PHOENIX_TOPIC = "phoenix";
export const TOPIC_PREFIX = "realtime:";

export const EVENTS = {
  join: "phx_join",
  leave: "phx_leave",
  reply: "phx_reply",
  close: "phx_close",
  error: "phx_error",
  heartbeat: "heartbeat",
  accessToken: "access_token",
  broadcast: "broadcast",
  presence: "presence",
  presenceState: "presence_state",
  presenceDiff: "presence_diff",
  postgresChanges: "postgres_changes",
  system: "system",
} as const;

export type ReplyStatus = "ok" | "error";

/** A reply's response: a map, or a bare reason as Phoenix encodes `{:error, :atom}` (e.g. "payload_size_exceeded"). */
export type ReplyResponse = Record<string, unknown> | string;

export interface ReplyPayload {
  status: ReplyStatus;
  response: ReplyResponse;
}

export function reply(
  joinRef: string | null,
  ref: string | null,
  topic: string,
  status: ReplyStatus,
  response: ReplyResponse = {},
): PhoenixMessage<ReplyPayload> {
  return { joinRef, ref, topic, event: EVENTS.reply, payload: { status, response } };
}

/** A server push on a channel (`push/3` in Phoenix: carries the channel's join_ref). */
export function push<P>(joinRef: string | null, topic: string, event: string, payload: P): PhoenixMessage<P> {
  return { joinRef, ref: null, topic, event, payload };
}

/** Sent when the server ends a channel (Phoenix `socket_close`): ref and join_ref are the join's. */
export function close(joinRef: string | null, topic: string): PhoenixMessage<Record<string, never>> {
  return { joinRef, ref: joinRef, topic, event: EVENTS.close, payload: {} };
}

export interface SystemPayload {
  extension: "system" | "postgres_changes";
  status: ReplyStatus;
  message: string;
  channel: string;
}

export function system(extension: SystemPayload["extension"], status: ReplyStatus, message: string, channel: string): SystemPayload {
  return { extension, status, message, channel };
}

/** Reasons of error replies: `"<Code>: <message>"`, as RealtimeChannel.Logging builds them. */
export function reason(code: string, message: string): { reason: string } {
  return { reason: `${code}: ${message}` };
}

export const MESSAGES = {
  unmatchedTopic: "unmatched topic",
  topicNameRequired: reason("TopicNameRequired", "You must provide a topic name"),
  replicationReady: "Replication connection established",
  presencePayloadNotMap: "Presence track payload must be a map",
  missingClaims: "Fields `role` and `exp` are required in JWT",
  malformedToken: "The token provided is not a valid JWT",
  signatureFailed: "Failed to validate JWT signature",
  signerFailed: "Failed to generate JWT signer, check your JWT secret or JWKS configuration",
  databaseUnavailable: "Realtime was unable to connect to the project database",
  tokenExpired: (secondsAgo: number) => `Token has expired ${secondsAgo} seconds ago`,
  noReadPermission: (subTopic: string) => `You do not have permissions to read from this Channel topic: ${subTopic}`,
  readPermissionRevoked: (subTopic: string) => `You no longer have permission to read from this Channel topic: ${subTopic}`,
  privateOnly: reason("PrivateOnly", "This project only allows private channels"),
  missingPartition: reason("MissingPartition", "Realtime was unable to find the expected messages partition"),
  replayPublic: reason("UnableToReplayMessages", "Replay is not allowed for public channels"),
  replayInvalid: reason("UnableToReplayMessages", "Replay params are not valid"),
  replayFailed: reason("UnableToReplayMessages", "Realtime was unable to replay messages"),
  queryCanceled: "Query was cancelled, please try again",
  replicationNotReady: "Replication connection was not established in time",
} as const;

/** What a token that does not pass makes the service say, wherever it is refused. */
export interface TokenErrorTexts {
  /** the error response to a phx_join */
  join: { reason: string };
  /** the system message that ends a channel whose new (or expiring) token does not pass */
  refresh: string;
  /** the error of a refused websocket connect (UserSocket.error_response) */
  connect: string;
}

export function tokenErrorTexts(error: TokenError): TokenErrorTexts {
  switch (error.kind) {
    case "expired": {
      const expired = MESSAGES.tokenExpired(error.secondsAgo);
      return { join: reason("InvalidJWTToken", expired), refresh: expired, connect: "Token has expired" };
    }
    case "missing_claims":
      return { join: reason("InvalidJWTToken", MESSAGES.missingClaims), refresh: MESSAGES.missingClaims, connect: MESSAGES.missingClaims };
    case "malformed":
      return { join: reason("MalformedJWT", MESSAGES.malformedToken), refresh: MESSAGES.malformedToken, connect: MESSAGES.malformedToken };
    case "signature":
      return {
        join: reason("JwtSignatureError", MESSAGES.signatureFailed),
        refresh: ":signature_error",
        connect: MESSAGES.signatureFailed,
      };
    case "signer":
      return { join: reason("JwtSignerError", MESSAGES.signerFailed), refresh: MESSAGES.signerFailed, connect: MESSAGES.signerFailed };
    case "invalid_claims":
      return { join: { reason: "Unknown Error on Channel" }, refresh: `Invalid claim: ${error.claim}`, connect: MESSAGES.malformedToken };
  }
}

/** The payload of a JSON broadcast delivered to channel members. */
export interface BroadcastPayload {
  type: "broadcast";
  event: string;
  payload: unknown;
  meta?: Record<string, unknown>;
}

export type PresenceMeta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string };
export type PresenceEntries = Record<string, { metas: PresenceMeta[] }>;

export interface PresenceDiff {
  joins: PresenceEntries;
  leaves: PresenceEntries;
}

/**
 * What the tenant limits (../limits) make the service say: RealtimeChannel's join errors and
 * shutdown messages, UserSocket's refused connects, BroadcastHandler's ack, the REST controllers.
 */
export const LIMIT_MESSAGES = {
  connectTooManyUsers: "Too many connected users",
  connectTooManyJoins: "Too many joins per second",
  joinTooManyUsers: reason("ConnectionRateLimitReached", "Too many connected users"),
  joinTooManyJoins: reason("ClientJoinRateLimitReached", "Too many joins per second"),
  joinTooManyChannels: reason("ChannelRateLimitReached", "Too many channels"),
  tooManyMessages: "Too many messages per second",
  tooManyPresenceMessages: "Too many presence messages per second",
  clientPresenceRateLimit: "Client presence rate limit exceeded",
  trackTooLarge: "Track message size exceeded",
  /** the ack of a broadcast over the size limit: `{"status":"error","response":"payload_size_exceeded"}` */
  payloadSizeExceeded: "payload_size_exceeded",
  restTooManyRequests: "Too many requests",
  restRateLimit: "You have exceeded your rate limit",
  restBatchTooLarge: "Too many messages to broadcast, please reduce the batch size",
  restPayloadTooLarge: "Payload size exceeds tenant limit",
} as const;
