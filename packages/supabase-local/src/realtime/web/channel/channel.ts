// One joined channel of one socket, as RealtimeWeb.RealtimeChannel runs it: phx_join (the payload
// read by ../payloads/join, the token and private access checked by ./access-token, the
// postgres_changes bindings subscribed by ./postgres-changes-handler, presence_state), then the
// client's messages handed to ./broadcast-handler, ./presence-handler and ./access-token, the
// deliveries from the rest of the service made by ./message-dispatcher, and the end (leave, a token
// that no longer passes, the socket closing). Replies and pushes are built by
// ../../protocol/messages; the socket serializes them.
import type { Claims } from "../../authorization/jwt";
import type { PostgresChanges } from "../../extensions/postgres-changes/index";
import type { PresenceRegistry } from "../../presence";
import { EVENTS, MESSAGES, TOPIC_PREFIX, close, push, reason, reply, system, type ReplyPayload, type ReplyStatus, type SystemPayload } from "../../protocol/messages";
import type { OutgoingFrame, PhoenixMessage, UserBroadcastPush, Vsn } from "../../protocol/serializer";
import { encodeMessage } from "../../protocol/serializer";
import { topicKey, type TopicRegistry } from "../../topics";
import { asRecord } from "../payloads/fields";
import { parseJoin, type JoinRequest } from "../payloads/join";
import { authorizeJoin, ChannelToken, type TokenServices } from "./access-token";
import { BroadcastHandler } from "./broadcast-handler";
import { MessageDispatcher } from "./message-dispatcher";
import { PostgresChangesHandler } from "./postgres-changes-handler";
import { PresenceHandler } from "./presence-handler";

export interface ChannelServices extends TokenServices {
  topics: TopicRegistry;
  presence: PresenceRegistry;
  postgresChanges: Pick<PostgresChanges, "resolve" | "subscriptions">;
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

/** The refs a reply answers. */
type Refs = Pick<PhoenixMessage, "joinRef" | "ref">;

export class Channel {
  private readonly subTopic: string;
  private readonly dispatcher: MessageDispatcher;
  private readonly token: ChannelToken;
  private readonly broadcast: BroadcastHandler;
  private readonly presence: PresenceHandler;
  private readonly postgresChanges: PostgresChangesHandler;
  private ended = false;

  private constructor(
    private readonly services: ChannelServices,
    private readonly socket: ChannelSocket,
    readonly topic: string,
    readonly joinRef: string | null,
    request: JoinRequest,
    claims: Claims,
  ) {
    this.subTopic = topic.slice(TOPIC_PREFIX.length);
    this.dispatcher = new MessageDispatcher(socket, topic, joinRef, topicKey(this.subTopic, request.isPrivate));
    this.token = new ChannelToken(services, { isPrivate: request.isPrivate, subTopic: this.subTopic, revoke: (message) => this.shutdown(message) }, request.accessToken, claims);
    this.broadcast = new BroadcastHandler(services.topics, this.dispatcher, { self: request.selfBroadcast, ack: request.ackBroadcast });
    this.presence = new PresenceHandler(services.presence, this.dispatcher, request.presenceKey);
    this.postgresChanges = new PostgresChangesHandler(services.postgresChanges, this.dispatcher, request.bindings, {
      claims: () => this.token.claims,
      pushSystem: (status, message) => this.pushSystem("postgres_changes", status, message),
    });
  }

  /** Handles phx_join: replies (ok or error) and returns the joined channel, or null. */
  static async join(services: ChannelServices, socket: ChannelSocket, message: PhoenixMessage): Promise<Channel | null> {
    const { topic, joinRef, ref } = message;
    const fail = (response: Record<string, unknown>) => {
      socket.send(encodeMessage(socket.vsn, reply(joinRef, ref, topic, "error", response)));
      return null;
    };
    if (topic === TOPIC_PREFIX) return fail(MESSAGES.topicNameRequired);
    const request = parseJoin(message.payload, socket.apiKey);
    const authorized = await authorizeJoin(services, request.accessToken, request.isPrivate, topic.slice(TOPIC_PREFIX.length));
    if (!authorized.ok) return fail(authorized.response);

    const channel = new Channel(services, socket, topic, joinRef, request, authorized.claims);
    const resolution = await channel.postgresChanges.resolve();
    if (request.wait && !resolution.ok) return fail(reason("RealtimeDisabledForConfiguration", resolution.error));

    services.topics.add(channel.dispatcher);
    socket.send(encodeMessage(socket.vsn, reply(joinRef, ref, topic, "ok", { postgres_changes: request.bindings.map((b) => ({ ...b.params, id: b.id })) })));
    channel.postgresChanges.apply(resolution);
    // the service streams from its start, so replication is always established by now
    if (request.replicationReady) channel.pushSystem("system", "ok", MESSAGES.replicationReady);
    if (request.presenceEnabled) channel.push(EVENTS.presenceState, services.presence.state(channel.dispatcher.topicKey));
    channel.token.schedule();
    return channel;
  }

  /** Handles a client message for this channel (phx_join and phx_leave are the socket's). */
  async handle(message: PhoenixMessage): Promise<void> {
    const payload = asRecord(message.payload);
    switch (message.event) {
      case EVENTS.broadcast:
        return this.answer(message, this.broadcast.handle(payload));
      case EVENTS.presence:
        return this.answer(message, this.presence.handle(payload));
      case EVENTS.accessToken:
        if (await this.token.refresh(payload.access_token)) await this.postgresChanges.refresh();
        return;
      default:
        return; // Realtime ignores other events
    }
  }

  /** A broadcast that arrived in a binary (kind 3) frame. */
  handleUserBroadcast(pushed: UserBroadcastPush): void {
    this.answer(pushed, this.broadcast.handleBytes(pushed));
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

  private replyTo(message: Refs, status: ReplyStatus, response: Record<string, unknown> = {}): void {
    this.socket.send(encodeMessage(this.socket.vsn, reply(message.joinRef, message.ref, this.topic, status, response)));
  }

  private push(event: string, payload: unknown): void {
    this.socket.send(encodeMessage(this.socket.vsn, push(this.joinRef, this.topic, event, payload)));
  }

  private pushSystem(extension: SystemPayload["extension"], status: ReplyStatus, message: string): void {
    this.push(EVENTS.system, system(extension, status, message, this.subTopic));
  }
}
