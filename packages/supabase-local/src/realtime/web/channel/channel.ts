// One joined channel of one socket, as RealtimeWeb.RealtimeChannel runs it: phx_join (the payload
// read by ../payloads/join; private-only, the token, a private channel's read policies and replay
// checked by ./join-authorization, every refusal sent after the channel error backoff; the
// postgres_changes bindings subscribed by ./postgres-changes-handler, replayed messages,
// presence_state), then the client's messages handed to ./broadcast-handler, ./presence-handler and
// ./access-token (with ./channel-policies deciding what a private channel may write and read), the
// deliveries from the rest of the service made by ./message-dispatcher, and the end (leave, a token
// that no longer passes, the socket closing). Replies and pushes are built by
// ../../protocol/messages; the socket serializes them.
import { setTimeout as sleep } from "node:timers/promises";
import type { PostgresChanges } from "../../extensions/postgres-changes/index";
import type { ChannelLimits, TenantLimiter } from "../../limits/limiter";
import type { PresenceRegistry } from "../../presence";
import type { MessagesReplication } from "../../tenants/replication-connection";
import {
  EVENTS,
  MESSAGES,
  TOPIC_PREFIX,
  close,
  push,
  reason,
  reply,
  system,
  type ReplyPayload,
  type ReplyResponse,
  type ReplyStatus,
  type SystemPayload,
} from "../../protocol/messages";
import type { OutgoingFrame, PhoenixMessage, UserBroadcastPush, Vsn } from "../../protocol/serializer";
import { encodeMessage } from "../../protocol/serializer";
import { topicKey, type TopicRegistry } from "../../topics";
import { asRecord } from "../payloads/fields";
import { parseJoin, type JoinRequest } from "../payloads/join";
import { ChannelToken } from "./access-token";
import { BroadcastHandler } from "./broadcast-handler";
import type { ChannelPolicies } from "./channel-policies";
import { authorizeJoin, type JoinAuthorization, type JoinServices } from "./join-authorization";
import { MessageDispatcher } from "./message-dispatcher";
import { PostgresChangesHandler } from "./postgres-changes-handler";
import { PresenceHandler } from "./presence-handler";

export interface ChannelServices extends JoinServices {
  topics: TopicRegistry;
  presence: PresenceRegistry;
  postgresChanges: Pick<PostgresChanges, "resolve" | "subscriptions">;
  /** the broadcast-from-database stream, for broadcast.replication_ready */
  replication: Pick<MessagesReplication, "streaming" | "whenStreaming">;
  /** how long a refused join waits before its error reply (Realtime's CHANNEL_ERROR_BACKOFF_MS) */
  channelErrorBackoffMs: number;
  /** the tenant's limits (users, joins, channels per socket, events, presence, payload size) */
  limits: TenantLimiter;
  log(message: string): void;
}

/** What a channel needs from the socket it lives on. */
export interface ChannelSocket {
  readonly vsn: Vsn;
  /** the socket's apikey: the token of joins that bring none */
  readonly apiKey: string;
  /** the websocket upgrade request's x-* headers (request.headers for the policies) */
  readonly headers: Record<string, string>;
  send(frame: OutgoingFrame): void;
  /** the channel ended on the server's side */
  channelEnded(channel: Channel): void;
}

/** How long broadcast.replication_ready waits for the stream (Realtime's replication_ready_timeout). */
const REPLICATION_READY_TIMEOUT_MS = 60_000;

/** The refs a reply answers. */
type Refs = Pick<PhoenixMessage, "joinRef" | "ref">;

export class Channel {
  private readonly subTopic: string;
  private readonly dispatcher: MessageDispatcher;
  private readonly token: ChannelToken;
  private readonly broadcast: BroadcastHandler;
  private readonly presence: PresenceHandler;
  private readonly postgresChanges: PostgresChangesHandler;
  private readonly policies: ChannelPolicies;
  private ended = false;

  private constructor(
    private readonly services: ChannelServices,
    private readonly socket: ChannelSocket,
    readonly topic: string,
    readonly joinRef: string | null,
    request: JoinRequest,
    authorized: Extract<JoinAuthorization, { ok: true }>,
    private readonly limits: ChannelLimits,
  ) {
    this.subTopic = topic.slice(TOPIC_PREFIX.length);
    this.policies = authorized.policies;
    this.dispatcher = new MessageDispatcher(socket, topic, joinRef, topicKey(this.subTopic, request.isPrivate), this.policies, limits);
    this.token = new ChannelToken(
      services,
      { authorize: (claims) => this.policies.reauthorize(claims), revoke: (message) => this.shutdown(message) },
      request.accessToken,
      authorized.claims,
    );
    this.broadcast = new BroadcastHandler(
      services.topics,
      this.dispatcher,
      { self: request.selfBroadcast, ack: request.ackBroadcast },
      this.policies,
      limits,
    );
    this.presence = new PresenceHandler(services.presence, this.dispatcher, request.presenceKey, this.policies, limits);
    limits.attach((message) => this.shutdown(message));
    this.postgresChanges = new PostgresChangesHandler(services.postgresChanges, this.dispatcher, request.bindings, {
      claims: () => this.token.claims,
      pushSystem: (status, message) => this.pushSystem("postgres_changes", status, message),
    });
  }

  /** Handles phx_join: replies (ok or error) and returns the joined channel, or null. */
  static async join(services: ChannelServices, socket: ChannelSocket, message: PhoenixMessage): Promise<Channel | null> {
    const { topic, joinRef, ref } = message;
    // every refused join is answered after the backoff (RealtimeChannel.join_error)
    // the join's place among its socket's channels, held until its refusal is sent
    const admitted: { limits?: ChannelLimits } = {};
    const fail = async (response: Record<string, unknown>) => {
      await sleep(services.channelErrorBackoffMs);
      admitted.limits?.release();
      socket.send(encodeMessage(socket.vsn, reply(joinRef, ref, topic, "error", response)));
      return null;
    };
    if (topic === TOPIC_PREFIX) return fail(MESSAGES.topicNameRequired);
    const request = parseJoin(message.payload, socket.apiKey);
    const admission = services.limits.admitJoin(socket);
    if (!admission.ok) return services.limits.refuseJoin(socket, admission, fail);
    admitted.limits = admission.limits;
    const authorized = await authorizeJoin(services, request, topic.slice(TOPIC_PREFIX.length), socket.headers);
    if (!authorized.ok) return fail(authorized.response);

    const channel = new Channel(services, socket, topic, joinRef, request, authorized, admission.limits);
    const resolution = await channel.postgresChanges.resolve();
    if (request.wait && !resolution.ok) return fail(reason("RealtimeDisabledForConfiguration", resolution.error));

    services.topics.add(channel.dispatcher);
    admission.limits.joined();
    socket.send(
      encodeMessage(
        socket.vsn,
        reply(joinRef, ref, topic, "ok", { postgres_changes: request.bindings.map((b) => ({ ...b.params, id: b.id })) }),
      ),
    );
    channel.dispatcher.deliverReplayed(authorized.replayed);
    channel.postgresChanges.apply(resolution);
    if (request.replicationReady) channel.notifyReplicationReady();
    if (request.presenceEnabled && channel.policies.readsPresence() && admission.limits.presenceSync())
      channel.push(EVENTS.presenceState, services.presence.state(channel.dispatcher.topicKey));
    channel.token.schedule();
    return channel;
  }

  /** Handles a client message for this channel (phx_join and phx_leave are the socket's). */
  async handle(message: PhoenixMessage): Promise<void> {
    const payload = asRecord(message.payload);
    switch (message.event) {
      case EVENTS.broadcast:
        return this.answer(message, await this.broadcast.handle(payload));
      case EVENTS.presence:
        return this.answer(message, await this.presence.handle(payload));
      case EVENTS.accessToken:
        if (await this.token.refresh(payload.access_token)) await this.postgresChanges.refresh();
        return;
      default:
        this.limits.clientEvent(); // Realtime ignores other events, but counts them
        return;
    }
  }

  /** A broadcast that arrived in a binary (kind 3) frame. */
  async handleUserBroadcast(pushed: UserBroadcastPush): Promise<void> {
    this.answer(pushed, await this.broadcast.handleBytes(pushed));
  }

  /** broadcast.replication_ready: a system message once the broadcast-from-database stream is up; the channel ends if it is not within a minute. */
  private notifyReplicationReady(): void {
    const { replication } = this.services;
    if (replication.streaming()) return this.pushSystem("system", "ok", MESSAGES.replicationReady);
    void replication.whenStreaming(REPLICATION_READY_TIMEOUT_MS).then((ready) => {
      if (this.ended) return;
      if (ready) this.pushSystem("system", "ok", MESSAGES.replicationReady);
      else this.shutdown(MESSAGES.replicationNotReady);
    });
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
    this.limits.release();
    this.dispatcher.stop();
    this.token.stop();
    this.postgresChanges.stop();
    this.services.topics.remove(this.dispatcher);
    this.services.presence.untrack(this.dispatcher);
    if (notify) this.socket.send(encodeMessage(this.socket.vsn, close(this.joinRef, this.topic)));
  }

  private answer(message: Refs, answer: ReplyPayload | null): void {
    if (answer) this.replyTo(message, answer.status, answer.response);
  }

  private replyTo(message: Refs, status: ReplyStatus, response: ReplyResponse = {}): void {
    this.socket.send(encodeMessage(this.socket.vsn, reply(message.joinRef, message.ref, this.topic, status, response)));
  }

  private push(event: string, payload: unknown): void {
    this.socket.send(encodeMessage(this.socket.vsn, push(this.joinRef, this.topic, event, payload)));
  }

  private pushSystem(extension: SystemPayload["extension"], status: ReplyStatus, message: string): void {
    this.push(EVENTS.system, system(extension, status, message, this.subTopic));
  }
}
