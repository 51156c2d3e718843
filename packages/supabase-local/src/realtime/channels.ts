// One joined channel of one socket, as RealtimeWeb.RealtimeChannel runs it: phx_join (token,
// private channels, postgres_changes bindings, presence), broadcast, presence, access_token
// updates (claims re-checked, subscriptions re-evaluated), the token's expiry, and leaving.
// Replies and pushes are built by ./protocol/messages; the socket serializes them.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { broadcastBytes, broadcastJson } from "./broadcast";
import { nowSeconds, type Claims, type TokenError, type TokenVerifier } from "./jwt";
import {
  EVENTS,
  MESSAGES,
  TOPIC_PREFIX,
  close,
  postgresChangesPayloadJson,
  push,
  reason,
  reply,
  system,
  type BroadcastPayload,
  type PresenceDiff,
  type SystemPayload,
} from "./protocol/messages";
import type { OutgoingFrame, PhoenixMessage, UserBroadcastPush, Vsn } from "./protocol/serializer";
import { encodeMessage, encodeRaw, encodeUserBroadcast } from "./protocol/serializer";
import type { PresenceRegistry } from "./presence";
import { isConnectionError } from "./rls";
import { resolveSubscriptions, toBindings, type Binding, type ChangeTarget, type ResolveResult, type SubscriptionRegistry } from "./subscriptions";
import { topicKey, type TopicMember, type TopicRegistry } from "./topics";

export interface ChannelServices {
  verifyToken: TokenVerifier;
  topics: TopicRegistry;
  presence: PresenceRegistry;
  subscriptions: SubscriptionRegistry;
  db: pg.Pool;
  publication: string;
  log(message: string): void;
}

/** What a channel needs from the socket it lives on. */
export interface ChannelSocket {
  readonly vsn: Vsn;
  /** the socket's apikey: the token of joins that bring none */
  readonly apiKey: string;
  send(frame: OutgoingFrame): void;
  /** the channel ended on the server's side */
  channelEnded(channel: Channel): void;
}

/** Longest wait before re-checking a token (Realtime's confirm_token interval). */
const TOKEN_CHECK_MAX_MS = 5 * 60 * 1000;
/** Wait before asking an unreachable database again about the subscriptions. */
const RESUBSCRIBE_DELAY_MS = 5000;

/** The outcome of checking the bindings: `retry` when the database could not be reached. */
type Resolution = ResolveResult | { ok: false; error: string; retry: true };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Realtime's FlexibleBoolean: true/false or their spellings as strings. */
function flexibleBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return typeof value === "string" && value.toLowerCase() === "true";
}

/** The error reply to a join whose token does not pass. */
function joinTokenError(error: TokenError): { reason: string } {
  switch (error.kind) {
    case "expired":
      return reason("InvalidJWTToken", MESSAGES.tokenExpired(error.secondsAgo));
    case "missing_claims":
      return reason("InvalidJWTToken", MESSAGES.missingClaims);
    case "malformed":
      return reason("MalformedJWT", MESSAGES.malformedToken);
    case "signature":
      return reason("JwtSignatureError", MESSAGES.signatureFailed);
    case "signer":
      return reason("JwtSignerError", MESSAGES.signerFailed);
    case "invalid_claims":
      return { reason: "Unknown Error on Channel" };
  }
}

/** The system message that ends a channel whose new token does not pass. */
function refreshTokenError(error: TokenError): string {
  switch (error.kind) {
    case "expired":
      return MESSAGES.tokenExpired(error.secondsAgo);
    case "missing_claims":
      return MESSAGES.missingClaims;
    case "malformed":
      return MESSAGES.malformedToken;
    case "signature":
      return ":signature_error";
    case "signer":
      return MESSAGES.signerFailed;
    case "invalid_claims":
      return `Invalid claim: ${error.claim}`;
  }
}

/** Without realtime.messages policies, only roles that bypass RLS may use private channels. */
export async function roleBypassesRls(db: pg.Pool, role: string): Promise<boolean> {
  const { rows } = await db.query<{ bypass: boolean }>("select rolbypassrls as bypass from pg_catalog.pg_roles where rolname = $1", [role]);
  return rows[0]?.bypass === true;
}

/** What a phx_join payload asks for (RealtimeWeb.Channels.Payloads.Join and Config). */
interface JoinRequest {
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
}

function readJoin(payload: Record<string, unknown>, apiKey: string): JoinRequest {
  const config = asRecord(payload.config);
  const broadcast = asRecord(config.broadcast);
  const presence = asRecord(config.presence);
  const given = typeof payload.access_token === "string" ? payload.access_token : typeof payload.user_token === "string" ? payload.user_token : undefined;
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
  };
}

export class Channel implements TopicMember, ChangeTarget {
  readonly subTopic: string;
  readonly topicKey: string;
  private accessToken: string;
  private claims: Claims;
  private readonly bindings: Binding[];
  private expiryTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private ended = false;

  private constructor(
    private readonly services: ChannelServices,
    private readonly socket: ChannelSocket,
    readonly topic: string,
    readonly joinRef: string | null,
    private readonly request: JoinRequest,
    claims: Claims,
  ) {
    this.subTopic = topic.slice(TOPIC_PREFIX.length);
    this.topicKey = topicKey(this.subTopic, request.isPrivate);
    this.accessToken = request.accessToken;
    this.claims = claims;
    this.bindings = request.bindings;
  }

  /** Handles phx_join: replies (ok or error) and returns the joined channel, or null. */
  static async join(services: ChannelServices, socket: ChannelSocket, message: PhoenixMessage): Promise<Channel | null> {
    const { topic, joinRef, ref } = message;
    const fail = (response: Record<string, unknown>) => {
      socket.send(encodeMessage(socket.vsn, reply(joinRef, ref, topic, "error", response)));
      return null;
    };
    if (topic === TOPIC_PREFIX) return fail(MESSAGES.topicNameRequired);
    const request = readJoin(asRecord(message.payload), socket.apiKey);
    const verified = await services.verifyToken(request.accessToken);
    if (!verified.ok) return fail(joinTokenError(verified.error));
    if (request.isPrivate) {
      const allowed = await roleBypassesRls(services.db, verified.claims.role).catch(() => undefined);
      if (allowed === undefined) return fail(reason("UnableToConnectToProject", MESSAGES.databaseUnavailable));
      if (!allowed) return fail(reason("Unauthorized", MESSAGES.noReadPermission(topic.slice(TOPIC_PREFIX.length))));
    }

    const channel = new Channel(services, socket, topic, joinRef, request, verified.claims);
    const resolution = await channel.resolve();
    if (request.wait && !resolution.ok) return fail(reason("RealtimeDisabledForConfiguration", resolution.error));

    services.topics.add(channel);
    socket.send(encodeMessage(socket.vsn, reply(joinRef, ref, topic, "ok", { postgres_changes: request.bindings.map((b) => ({ ...b.params, id: b.id })) })));
    channel.applyResolution(resolution);
    // the service streams from its start, so replication is always established by now
    if (request.replicationReady) channel.pushSystem("system", "ok", MESSAGES.replicationReady);
    if (request.presenceEnabled) channel.push(EVENTS.presenceState, services.presence.state(channel.topicKey));
    channel.scheduleTokenCheck();
    return channel;
  }

  /** Checks the bindings for the current claims (ok, empty, without bindings). */
  private async resolve(): Promise<Resolution> {
    if (this.bindings.length === 0) return { ok: true, subscriptions: [] };
    try {
      return await resolveSubscriptions(this.services.db, this.services.publication, this.bindings, this.claims);
    } catch (error) {
      this.services.log(`postgres_changes subscription failed: ${String(error)}`);
      return { ok: false, error: isConnectionError(error) ? MESSAGES.databaseUnavailable : String(error), retry: true };
    }
  }

  /**
   * Activates the subscriptions and tells the client; a refusal deactivates them. When the
   * database could not be asked, what was active stays so and the check is retried later (as
   * Realtime retries postgres_subscribe).
   */
  private applyResolution(resolution: Resolution): void {
    if (this.bindings.length === 0 || this.ended) return;
    clearTimeout(this.retryTimer);
    if (resolution.ok) {
      this.services.subscriptions.set(this, resolution.subscriptions);
      this.pushSystem("postgres_changes", "ok", MESSAGES.subscribedToPostgres);
      return;
    }
    this.pushSystem("postgres_changes", "error", resolution.error);
    if (!("retry" in resolution)) {
      this.services.subscriptions.remove(this);
      return;
    }
    this.retryTimer = setTimeout(() => void this.resolve().then((next) => this.applyResolution(next)), RESUBSCRIBE_DELAY_MS);
    this.retryTimer.unref();
  }

  /** Handles a client message for this channel (phx_join and phx_leave are the socket's). */
  async handle(message: PhoenixMessage): Promise<void> {
    switch (message.event) {
      case EVENTS.broadcast:
        this.onBroadcast(message, asRecord(message.payload));
        return;
      case EVENTS.presence:
        this.onPresence(message, asRecord(message.payload));
        return;
      case EVENTS.accessToken:
        await this.onAccessToken(asRecord(message.payload).access_token);
        return;
      default:
        return; // Realtime ignores other events
    }
  }

  /** A broadcast that arrived in a binary (kind 3) frame. */
  handleUserBroadcast(pushed: UserBroadcastPush): void {
    broadcastBytes(this.services.topics, this.topicKey, pushed.userEvent, pushed.encoding, pushed.payload, this.request.selfBroadcast ? undefined : this);
    if (this.request.ackBroadcast) this.socket.send(encodeMessage(this.socket.vsn, reply(pushed.joinRef, pushed.ref, this.topic, "ok")));
  }

  private onBroadcast(message: PhoenixMessage, payload: Record<string, unknown>): void {
    broadcastJson(this.services.topics, this.topicKey, payload as unknown as BroadcastPayload, this.request.selfBroadcast ? undefined : this);
    if (this.request.ackBroadcast) this.replyTo(message, "ok");
  }

  private onPresence(message: PhoenixMessage, payload: Record<string, unknown>): void {
    const event = typeof payload.event === "string" ? payload.event.toLowerCase() : undefined;
    if (event === undefined) return this.replyTo(message, "ok");
    if (event === "track") {
      const tracked = payload.payload === undefined ? {} : payload.payload;
      if (typeof tracked !== "object" || tracked === null || Array.isArray(tracked)) return this.replyTo(message, "error", { reason: MESSAGES.presencePayloadNotMap });
      this.services.presence.track(this, this.request.presenceKey, tracked as Record<string, unknown>);
      return this.replyTo(message, "ok");
    }
    if (event === "untrack") {
      this.services.presence.untrack(this);
      return this.replyTo(message, "ok");
    }
    this.replyTo(message, "error");
  }

  private async onAccessToken(token: unknown): Promise<void> {
    if (typeof token !== "string" || token.startsWith("sb_") || token === this.accessToken) return;
    const verified = await this.services.verifyToken(token);
    if (this.ended) return;
    if (!verified.ok) return this.shutdown(refreshTokenError(verified.error));
    if (this.request.isPrivate) {
      const allowed = await roleBypassesRls(this.services.db, verified.claims.role).catch(() => false);
      if (!allowed) return this.shutdown(MESSAGES.readPermissionRevoked(this.subTopic));
    }
    this.accessToken = token;
    this.claims = verified.claims;
    this.scheduleTokenCheck();
    if (this.bindings.length === 0) return;
    this.applyResolution(await this.resolve());
  }

  /** Re-checks the token when it expires (and at least every 5 minutes), as confirm_token does. */
  private scheduleTokenCheck(): void {
    clearTimeout(this.expiryTimer);
    const remainingMs = (this.claims.exp - nowSeconds()) * 1000;
    this.expiryTimer = setTimeout(() => void this.checkToken(), Math.max(0, Math.min(remainingMs, TOKEN_CHECK_MAX_MS)));
    this.expiryTimer.unref();
  }

  private async checkToken(): Promise<void> {
    if (this.ended) return;
    const verified = await this.services.verifyToken(this.accessToken);
    if (this.ended) return;
    if (!verified.ok) return this.shutdown(refreshTokenError(verified.error));
    this.scheduleTokenCheck();
  }

  /** phx_leave: reply ok, then close. */
  leave(message: PhoenixMessage): void {
    this.replyTo(message, "ok");
    this.end(true);
  }

  /** The server ends the channel: a system error message, then phx_close. */
  shutdown(message: string): void {
    this.pushSystem("system", "error", message);
    this.end(true);
    this.socket.channelEnded(this);
  }

  /** Releases everything the channel holds; `notify` sends phx_close (not when the socket is gone). */
  end(notify: boolean): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.expiryTimer);
    clearTimeout(this.retryTimer);
    this.services.subscriptions.remove(this);
    this.services.topics.remove(this);
    this.services.presence.untrack(this);
    if (notify) this.socket.send(encodeMessage(this.socket.vsn, close(this.joinRef, this.topic)));
  }

  private replyTo(message: { joinRef: string | null; ref: string | null }, status: "ok" | "error", response: Record<string, unknown> = {}): void {
    this.socket.send(encodeMessage(this.socket.vsn, reply(message.joinRef, message.ref, this.topic, status, response)));
  }

  private push(event: string, payload: unknown): void {
    this.socket.send(encodeMessage(this.socket.vsn, push(this.joinRef, this.topic, event, payload)));
  }

  private pushSystem(extension: SystemPayload["extension"], status: "ok" | "error", message: string): void {
    this.push(EVENTS.system, system(extension, status, message, this.subTopic));
  }

  // Deliveries from other parts of the service (fastlane pushes carry no join_ref).

  deliverChange(ids: number[], dataJson: string): void {
    if (this.ended) return;
    this.socket.send(encodeRaw(this.socket.vsn, null, null, this.topic, EVENTS.postgresChanges, postgresChangesPayloadJson(ids, dataJson)));
  }

  deliverBroadcast(payload: BroadcastPayload): void {
    if (this.ended) return;
    this.socket.send(encodeMessage(this.socket.vsn, push(null, this.topic, EVENTS.broadcast, payload)));
  }

  deliverUserBroadcast(userEvent: string, encoding: "json" | "binary", bytes: Buffer): void {
    if (this.ended) return;
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
    if (this.ended) return;
    this.push(EVENTS.presenceDiff, diff);
  }
}
