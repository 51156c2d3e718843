// One websocket connection, as Phoenix.Socket runs it: frames decoded with the client's serializer
// version, heartbeats answered at once, phx_join/phx_leave managing the channels (one per topic; a
// second join of a topic closes the first), everything else routed to the channel of its topic,
// one message at a time per topic. Closing the socket ends its channels (presences leave).
import type { WebSocket } from "ws";
import { EVENTS, MESSAGES, PHOENIX_TOPIC, TOPIC_PREFIX, close, reply } from "../protocol/messages";
import { decodeFrame, encodeMessage, type OutgoingFrame, type PhoenixMessage, type Vsn } from "../protocol/serializer";
import { Channel, type ChannelServices, type ChannelSocket } from "./channel/channel";

export class RealtimeSocket implements ChannelSocket {
  private readonly channels = new Map<string, Channel>();
  /** per topic, the tail of its message queue */
  private readonly queues = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly services: ChannelServices,
    readonly vsn: Vsn,
    readonly apiKey: string,
    /** the upgrade request's x-* headers */
    readonly headers: Record<string, string> = {},
  ) {
    ws.on("message", (data, isBinary) =>
      this.onFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data), isBinary),
    );
    ws.on("close", () => this.onClose());
    ws.on("error", () => ws.terminate());
  }

  send(frame: OutgoingFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(frame, { binary: typeof frame !== "string" });
  }

  channelEnded(channel: Channel): void {
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }

  /** Closes the connection (the service is stopping). */
  terminate(): void {
    this.onClose();
    this.ws.close(1001, "server shutting down");
    setTimeout(() => this.ws.terminate(), 200).unref();
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    const decoded = decodeFrame(this.vsn, data, isBinary);
    if (!decoded.ok) {
      this.services.log(`dropped a frame: ${decoded.error}`);
      return;
    }
    const { frame } = decoded;
    if (frame.kind === "user_broadcast_push") {
      const pushed = frame.push;
      this.enqueue(pushed.topic, async () => {
        const channel = this.channels.get(pushed.topic);
        if (channel) await channel.handleUserBroadcast(pushed);
        else
          this.send(encodeMessage(this.vsn, reply(pushed.joinRef, pushed.ref, pushed.topic, "error", { reason: MESSAGES.unmatchedTopic })));
      });
      return;
    }
    const message = frame.message;
    if (message.topic === PHOENIX_TOPIC && message.event === EVENTS.heartbeat) {
      this.send(encodeMessage(this.vsn, reply(null, message.ref, PHOENIX_TOPIC, "ok")));
      return;
    }
    this.enqueue(message.topic, () => this.route(message));
  }

  private enqueue(topic: string, task: () => Promise<void>): void {
    const previous = this.queues.get(topic) ?? Promise.resolve();
    const next = previous
      .then(() => (this.closed ? undefined : task()))
      .catch((error: unknown) =>
        this.services.log(
          `error handling a message on ${topic}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      );
    this.queues.set(topic, next);
    void next.then(() => {
      if (this.queues.get(topic) === next) this.queues.delete(topic);
    });
  }

  private async route(message: PhoenixMessage): Promise<void> {
    const existing = this.channels.get(message.topic);
    if (message.event === EVENTS.join) {
      if (existing) {
        // a duplicate join: Phoenix closes the existing channel first
        this.channels.delete(message.topic);
        existing.end(false);
        this.send(encodeMessage(this.vsn, close(existing.joinRef, existing.topic)));
      }
      if (!message.topic.startsWith(TOPIC_PREFIX)) {
        this.send(
          encodeMessage(this.vsn, reply(message.joinRef, message.ref, message.topic, "error", { reason: MESSAGES.unmatchedTopic })),
        );
        return;
      }
      const channel = await Channel.join(this.services, this, message);
      if (channel && this.closed) channel.end(false);
      else if (channel) this.channels.set(message.topic, channel);
      return;
    }
    if (!existing) {
      this.send(encodeMessage(this.vsn, reply(message.joinRef, message.ref, message.topic, "error", { reason: MESSAGES.unmatchedTopic })));
      return;
    }
    if (message.event === EVENTS.leave) {
      this.channels.delete(message.topic);
      existing.leave(message);
      return;
    }
    await existing.handle(message);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels.values()) channel.end(false);
    this.channels.clear();
  }
}
