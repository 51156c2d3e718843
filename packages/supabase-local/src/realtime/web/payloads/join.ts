// What a phx_join payload asks for, read as RealtimeWeb.Channels.Payloads.Join and Config read it:
// config.broadcast (self, ack, replication_ready, replay), config.presence (key, enabled),
// config.postgres_changes (the bindings) with postgres_changes_options.wait, config.private, and
// the access_token (or user_token). Reading never fails: what is missing or of another type takes
// its default, as the schemas' defaults and FlexibleBoolean give it.
import { randomUUID } from "node:crypto";
import { toBindings, type Binding } from "../../extensions/postgres-changes/bindings";
import { asRecord, flexibleBoolean } from "./fields";

export interface JoinRequest {
  isPrivate: boolean;
  /** the join's access_token (or user_token); the socket's apikey when absent or an `sb_` key */
  accessToken: string;
  selfBroadcast: boolean;
  ackBroadcast: boolean;
  /** config.presence.key, or a random one */
  presenceKey: string;
  presenceEnabled: boolean;
  bindings: Binding[];
  /** postgres_changes_options.wait: fail the join when the bindings cannot be honoured */
  wait: boolean;
  /** broadcast.replication_ready: tell the client once replication is streaming */
  replicationReady: boolean;
  /** broadcast.replay as given ({since, limit} when well formed); absent when the key is */
  replay?: { value: unknown };
}

export function parseJoin(payload: unknown, apiKey: string): JoinRequest {
  const join = asRecord(payload);
  const config = asRecord(join.config);
  const broadcast = asRecord(config.broadcast);
  const presence = asRecord(config.presence);
  const given =
    typeof join.access_token === "string" ? join.access_token : typeof join.user_token === "string" ? join.user_token : undefined;
  return {
    isPrivate: flexibleBoolean(config.private),
    accessToken: given === undefined || given.startsWith("sb_") ? apiKey : given,
    selfBroadcast: flexibleBoolean(broadcast.self),
    ackBroadcast: flexibleBoolean(broadcast.ack),
    presenceKey: presence.key === undefined || presence.key === null || presence.key === "" ? randomUUID() : String(presence.key),
    presenceEnabled: flexibleBoolean(presence.enabled),
    bindings: toBindings(config.postgres_changes),
    wait: flexibleBoolean(asRecord(config.postgres_changes_options).wait),
    replicationReady: flexibleBoolean(broadcast.replication_ready),
    ...("replay" in broadcast ? { replay: { value: broadcast.replay } } : {}),
  };
}
