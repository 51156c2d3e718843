// The tenant's limits at work, where Supabase Realtime checks them (the local stack is one tenant):
//   connect   UserSocket.connect → TenantRateLimiters.check_tenant: 429 {"error": …} after
//             CONNECT_ERROR_BACKOFF_MS when the users are at max_concurrent_users or the joins
//             counter is triggered;
//   join      RealtimeChannel.join: limit_max_users, limit_joins (the socket is then disconnected),
//             limit_channels, each answered after CHANNEL_ERROR_BACKOFF_MS (`refuseJoin`, through
//             the channel's own refusal);
//   channel   ChannelLimits: events counted per client broadcast and per delivered broadcast, and a
//             channel that receives one while the events counter is triggered is shut down
//             ("Too many messages per second"); payload sizes; presence (the tenant's presence
//             events per second, the client's presence messages per window, the track size);
//   REST      RealtimeWeb.Plugs.RateLimiter (requests per second), BatchBroadcast and
//             SingleBroadcast (payload size, events per second; each message sent counts);
//   changes   postgres_changes skipped while the database events counter is triggered
//             (ReplicationPoller), each delivery counted per subscription.
// Users are sockets that have joined a channel, until they close (UsersCounter); a socket's
// channels count from the join's check until the channel ends (Realtime.Registry).
import { LIMIT_MESSAGES } from "../protocol/messages";
import type { RestReply } from "../web/rest-broadcast";
import { maxPayloadBytes, resolveLimits, type RealtimeLimits } from "./limits";
import { binarySize, externalSize, userBroadcastSize } from "./payload-size";
import { RateCounter } from "./rate-counter";

type Log = (message: string) => void;

/** Realtime.Tenants' rate counters keep 12 buckets; the request counter RateCounter's default 60. */
const BUCKETS = 12;
const REQUEST_BUCKETS = 60;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Client {
  channels: number;
  open: boolean;
  disconnect(): void;
}

/** A join refused by a limit: its error reply, and whether the socket is disconnected after it. */
export interface JoinRefusal {
  ok: false;
  response: { reason: string };
  disconnect: boolean;
}

export type JoinAdmission = { ok: true; limits: ChannelLimits } | JoinRefusal;

/** A broadcast that arrived in a binary frame, as the limits measure it. */
export interface BytesBroadcast {
  userEvent: string;
  encoding: "json" | "binary";
  payload: Buffer;
  metadata: Record<string, unknown> | null;
}

export class TenantLimiter {
  readonly limits: RealtimeLimits;
  /** broadcasts sent and delivered (Tenants.events_per_second_rate) */
  readonly events: RateCounter;
  readonly joins: RateCounter;
  readonly presence: RateCounter;
  /** postgres_changes deliveries (Tenants.db_events_per_second_rate) */
  readonly dbEvents: RateCounter;
  /** REST requests (Tenants.requests_per_second_rate: no limit of its own) */
  readonly requests: RateCounter;
  /** sockets that have joined a channel */
  readonly users = new Set<object>();
  /** per socket (kept with it: a join that ends after its socket closed finds it closed) */
  private readonly clients = new WeakMap<object, Client>();

  constructor(
    limits: Partial<RealtimeLimits> = {},
    readonly log: Log = () => undefined,
  ) {
    this.limits = resolveLimits(limits);
    const rate = (limit: number, message: string) =>
      new RateCounter({ tickMs: this.limits.rateCounterTickMs, maxBuckets: BUCKETS, limit, onTrigger: () => log(message) });
    this.events = rate(this.limits.maxEventsPerSecond, "MessagePerSecondRateLimitReached: Too many messages per second");
    this.joins = rate(this.limits.maxJoinsPerSecond, "ClientJoinRateLimitReached: Too many joins per second");
    this.presence = rate(this.limits.maxPresenceEventsPerSecond, "PresenceRateLimitReached: Too many presence events per second");
    this.dbEvents = rate(this.limits.maxEventsPerSecond, "MessagePerSecondRateLimitReached: Too many postgres changes messages per second");
    this.requests = new RateCounter({ tickMs: this.limits.requestCounterTickMs, maxBuckets: REQUEST_BUCKETS });
  }

  /** A payload over max_payload_size_in_kb (Tenants.validate_payload_size). */
  payloadTooLarge(size: number): boolean {
    return size > maxPayloadBytes(this.limits);
  }

  // ---- sockets ----

  /** Why a new websocket is refused (TenantRateLimiters.check_tenant), or null. */
  connectRefusal(): string | null {
    if (this.users.size >= this.limits.maxConcurrentUsers) return LIMIT_MESSAGES.connectTooManyUsers;
    if (this.joins.state().triggered) return LIMIT_MESSAGES.connectTooManyJoins;
    return null;
  }

  /** UserSocket's wait before it answers a refused connect. */
  connectBackoff(): Promise<void> {
    return sleep(this.limits.connectErrorBackoffMs);
  }

  /** A websocket was accepted; `disconnect` closes it from the server's side. */
  socketOpened(socket: object, disconnect: () => void): void {
    this.clients.set(socket, { channels: 0, open: true, disconnect });
  }

  socketClosed(socket: object): void {
    const client = this.clients.get(socket);
    if (client) client.open = false;
    this.users.delete(socket);
  }

  // ---- joins ----

  /** RealtimeChannel.join's limit_max_users, limit_joins and limit_channels, in that order. */
  admitJoin(socket: object): JoinAdmission {
    let client = this.clients.get(socket);
    if (!client) this.clients.set(socket, (client = { channels: 0, open: true, disconnect: () => undefined }));
    if (!this.users.has(socket) && this.users.size >= this.limits.maxConcurrentUsers) {
      return { ok: false, response: LIMIT_MESSAGES.joinTooManyUsers, disconnect: false };
    }
    if (this.joins.state().triggered) return { ok: false, response: LIMIT_MESSAGES.joinTooManyJoins, disconnect: true };
    this.joins.add();
    if (client.channels >= this.limits.maxChannelsPerClient)
      return { ok: false, response: LIMIT_MESSAGES.joinTooManyChannels, disconnect: false };
    if (client.channels + 1 === this.limits.maxChannelsPerClient) this.log(LIMIT_MESSAGES.joinTooManyChannels.reason);
    client.channels++;
    return { ok: true, limits: new ChannelLimits(this, socket, client) };
  }

  /**
   * Answers a refused join with the channel's `fail` (the error reply after the backoff); for too
   * many joins the socket is then closed (RealtimeChannel sends the transport "disconnect").
   */
  async refuseJoin(socket: object, refusal: JoinRefusal, fail: (response: Record<string, unknown>) => Promise<null>): Promise<null> {
    this.log(refusal.response.reason);
    await fail(refusal.response);
    if (refusal.disconnect) this.clients.get(socket)?.disconnect();
    return null;
  }

  // ---- postgres_changes ----

  /** The gate of postgres_changes: skipped while the database events counter is triggered, counted per subscription. */
  readonly changes = {
    admit: (): boolean => !this.dbEvents.state().triggered,
    delivered: (subscriptions: number): void => this.dbEvents.add(subscriptions),
  };

  // ---- broadcasts from the database (ReplicationConnection) ----

  /**
   * Whether a realtime.messages row whose payload (JSON text or bytes) has `payloadBytes` may go
   * out: its size, then the events counter; counted when it may, logged as Realtime logs it when not.
   */
  databaseBroadcast(payloadBytes: number): boolean {
    const refused = this.payloadTooLarge(binarySize(payloadBytes))
      ? "payload_size_exceeded"
      : this.events.state().triggered
        ? "too_many_requests"
        : null;
    if (refused) {
      this.log(`UnableToBroadcastChanges: :${refused}`);
      return false;
    }
    this.events.add();
    return true;
  }

  // ---- REST ----

  /**
   * RealtimeWeb.Plugs.AssignTenant and RateLimiter around a broadcast request: the request is
   * counted; while the average reaches max_events_per_second it is answered 429 "Too many
   * requests"; the rate headers go on every answer.
   */
  async throttleRequest(handle: () => Promise<RestReply>): Promise<RestReply> {
    const { avg } = this.requests.state();
    this.requests.add();
    const rolling = Math.trunc(avg);
    const max = this.limits.maxEventsPerSecond;
    const headers = { "x-rate-rolling": String(rolling), "x-rate-limit": String(max), "x-rate-limit-remaining": String(max - rolling) };
    const answer = avg >= max ? { status: 429, body: { message: LIMIT_MESSAGES.restTooManyRequests } } : await handle();
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  /** BatchBroadcast's message changeset: a JSON payload over the size limit. */
  restPayloadTooLarge(payload: unknown): boolean {
    return this.payloadTooLarge(externalSize(payload));
  }

  /** BatchBroadcast.check_rate_limit for `count` messages, or null when they may go. */
  restBatchRefusal(count: number): RestReply | null {
    const { avg } = this.events.state();
    const max = this.limits.maxEventsPerSecond;
    if (avg > max) return { status: 429, body: { message: LIMIT_MESSAGES.restRateLimit } };
    if (count + avg > max) return { status: 429, body: { message: LIMIT_MESSAGES.restBatchTooLarge } };
    return null;
  }

  /** SingleBroadcast's payload size check and check_rate_limit, or null when the message may go. */
  restSingleRefusal(body: { json: unknown } | { bytes: Buffer }): RestReply | null {
    const size = "bytes" in body ? binarySize(body.bytes.length) : externalSize(body.json);
    if (this.payloadTooLarge(size)) return { status: 422, body: { errors: { payload: [LIMIT_MESSAGES.restPayloadTooLarge] } } };
    if (this.events.state().avg >= this.limits.maxEventsPerSecond) return { status: 429, body: { message: LIMIT_MESSAGES.restRateLimit } };
    return null;
  }

  /** A REST message went out (send_message_and_count). */
  restSent(): void {
    this.events.add();
  }

  stop(): void {
    for (const counter of [this.events, this.joins, this.presence, this.dbEvents, this.requests]) counter.stop();
  }
}

/**
 * One channel's share of the limits: its place among its socket's channels, the events and
 * presence it causes, and its own presence window. A limit that ends the channel calls the
 * channel's shutdown (a `system` error, then phx_close) once, after what is under way (the ack of
 * the message at hand) has gone out, as RealtimeChannel's shutdown_response follows its message.
 */
export class ChannelLimits {
  private shutdown: (message: string) => void = () => undefined;
  private released = false;
  private ending = false;
  private presenceWindow: { calls: number; resetAt: number } | undefined;
  /** the last tracked payload (JSON), as presence_track_payload */
  private tracked: string | undefined;

  constructor(
    private readonly tenant: TenantLimiter,
    private readonly socket: object,
    private readonly client: Client,
  ) {}

  /** The channel's shutdown. */
  attach(shutdown: (message: string) => void): void {
    this.shutdown = shutdown;
  }

  /** The join succeeded: the socket is a user (UsersCounter.add). */
  joined(): void {
    if (this.client.open) this.tenant.users.add(this.socket);
  }

  /** The channel ended (or its join failed): its place is free. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.client.channels--;
  }

  // ---- events ----

  /** A broadcast delivered to the channel (MessageDispatcher's :update_rate_counter). */
  broadcastDelivered(): void {
    this.tenant.events.add();
    if (this.tenant.events.state().triggered) this.end(LIMIT_MESSAGES.tooManyMessages);
  }

  /** A client message of an event the channel does not handle (counted all the same). */
  clientEvent(): void {
    this.tenant.events.add();
  }

  /** A client broadcast with a JSON payload: counted; false when over the payload size limit. */
  clientBroadcast(payload: Record<string, unknown>): boolean {
    this.tenant.events.add();
    return !this.tenant.payloadTooLarge(externalSize(payload));
  }

  /** A client broadcast from a binary frame: counted; false when over the payload size limit. */
  clientBroadcastBytes(pushed: BytesBroadcast): boolean {
    this.tenant.events.add();
    return !this.tenant.payloadTooLarge(userBroadcastSize(pushed.userEvent, pushed.encoding, pushed.payload.length, pushed.metadata));
  }

  // ---- presence ----

  /** presence_state at join (PresenceHandler.sync): false, and the channel ends, over the presence rate. */
  presenceSync(): boolean {
    return this.presenceEvent();
  }

  /** A presence_diff delivered to the channel. */
  presenceDiffDelivered(): void {
    this.tenant.presence.add();
  }

  /** Any presence message with an event (limit_client_presence_event): false, and the channel ends, past the window's calls. */
  presenceMessage(): boolean {
    const now = performance.now();
    const window = this.presenceWindow;
    if (!window || now > window.resetAt) {
      this.presenceWindow = { calls: 1, resetAt: now + this.tenant.limits.clientPresenceWindowMs };
      return true;
    }
    if (window.calls >= this.tenant.limits.maxClientPresenceEventsPerWindow) {
      this.tenant.log("ClientPresenceRateLimitReached: client_rate_limit_exceeded");
      this.end(LIMIT_MESSAGES.clientPresenceRateLimit);
      return false;
    }
    window.calls++;
    return true;
  }

  /** A track of a map payload: an unchanged payload passes uncounted; false, and the channel ends, when too large or over the presence rate. */
  presenceTrack(payload: Record<string, unknown>): boolean {
    const json = JSON.stringify(payload);
    if (json === this.tracked) return true;
    if (this.tenant.payloadTooLarge(externalSize(payload))) {
      this.end(LIMIT_MESSAGES.trackTooLarge);
      return false;
    }
    if (!this.presenceEvent()) return false;
    this.tracked = json;
    return true;
  }

  presenceUntracked(): void {
    this.tracked = undefined;
  }

  /** limit_presence_event: refused while the average exceeds the limit, else counted. */
  private presenceEvent(): boolean {
    if (this.tenant.presence.state().avg > this.tenant.limits.maxPresenceEventsPerSecond) {
      this.end(LIMIT_MESSAGES.tooManyPresenceMessages);
      return false;
    }
    this.tenant.presence.add();
    return true;
  }

  private end(message: string): void {
    if (this.ending || this.released) return;
    this.ending = true;
    this.tenant.log(`ChannelShutdown: ${message}`);
    setImmediate(() => {
      if (!this.released) this.shutdown(message);
    });
  }
}
