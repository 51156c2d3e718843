// Every message shape and error text the service sends, in one place, as Supabase Realtime sends
// them (lib/realtime_web/channels/realtime_channel.ex, its Logging module, the payload builders of
// postgres_cdc_rls and Phoenix's own replies). Handlers build messages only through this module.
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

export interface ReplyPayload {
  status: ReplyStatus;
  response: Record<string, unknown>;
}

export function reply(joinRef: string | null, ref: string | null, topic: string, status: ReplyStatus, response: Record<string, unknown> = {}): PhoenixMessage<ReplyPayload> {
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
  subscribedToPostgres: "Subscribed to PostgreSQL",
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
  subscriptionFailed: (params: string) =>
    `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${params}]`,
  subscriptionException: (params: string, exception: string) =>
    `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [${params}]. Exception: ${exception}`,
} as const;

/** The `postgres_changes` push: the ids of the receiver's matching bindings and the change. */
export function postgresChangesPayloadJson(ids: readonly number[], dataJson: string): string {
  return `{"ids":${JSON.stringify(ids)},"data":${dataJson}}`;
}

export interface ColumnDescription {
  name: string;
  type: string;
}

export type ChangeType = "INSERT" | "UPDATE" | "DELETE";

/** The `data` of a postgres_changes push (Realtime.Adapters.Changes.{New,Updated,Deleted}Record). */
export interface ChangeData {
  schema: string;
  table: string;
  commit_timestamp: string | null;
  type: ChangeType;
  columns: ColumnDescription[];
  record?: Record<string, unknown>;
  old_record?: Record<string, unknown>;
  errors: string[] | null;
}

export function changeData(
  type: ChangeType,
  schema: string,
  table: string,
  commitTimestamp: string | null,
  columns: ColumnDescription[],
  record: Record<string, unknown>,
  oldRecord: Record<string, unknown>,
  errors: string[] | null,
): ChangeData {
  const data: ChangeData = { schema, table, commit_timestamp: commitTimestamp, type, columns, errors };
  if (type !== "DELETE") data.record = record;
  if (type !== "INSERT") data.old_record = oldRecord;
  return data;
}

/** Errors apply_rls reports instead of a row. */
export const CHANGE_ERRORS = {
  noPrimaryKey: "Error 400: Bad Request, no primary key",
  unauthorized: "Error 401: Unauthorized",
} as const;

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
