// A private realtime channel that keeps itself subscribed, the way the party room and dashboard
// need it:
// - every channel of the app is private: the server lets the join through only when the policies
//   on realtime.messages let the signed-in user hear the topic;
// - it hands the signed-in user's token to the realtime client before joining (a join without one
//   is anonymous, and is refused);
// - when the server drops the channel (a `system` error: a postgres_changes failure, or a token
//   push after which the user may no longer hear the topic, which closes the channel), it leaves
//   and joins again with backoff;
// - it reports the connection status; realtime-js itself rejoins after socket drops and refusals.
import type { RealtimeChannel, RealtimeChannelOptions } from "@supabase/supabase-js";
import type { StreamingClient } from "./streaming-repository";

export type ConnectionStatus = "connecting" | "live" | "reconnecting";

export interface ResilientChannelOptions {
  supabase: StreamingClient;
  /** Channel name without the "realtime:" prefix. */
  topic: string;
  config?: RealtimeChannelOptions["config"];
  /** Adds the channel's bindings (postgres_changes, presence). */
  bind: (channel: RealtimeChannel) => void;
  /** Every successful (re)subscription: track presence, refetch what may have been missed. */
  onSubscribed: (channel: RealtimeChannel) => void;
  onStatus: (status: ConnectionStatus) => void;
}

const MAX_BACKOFF_MS = 30_000;
const HEALTHY_AFTER_MS = 5_000;

interface SystemMessage {
  extension?: unknown;
  status?: unknown;
}

function isSystemError(payload: unknown): boolean {
  if (typeof payload !== "object" || payload === null) return false;
  const message = payload as SystemMessage;
  return (message.extension === "postgres_changes" || message.extension === "system") && message.status === "error";
}

export function openResilientChannel(options: ResilientChannelOptions): () => void {
  const { supabase, topic, config, bind, onSubscribed, onStatus } = options;
  let closed = false;
  let channel: RealtimeChannel | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let healthyTimer: ReturnType<typeof setTimeout> | null = null;

  const clearTimers = () => {
    if (retryTimer) clearTimeout(retryTimer);
    if (healthyTimer) clearTimeout(healthyTimer);
    retryTimer = healthyTimer = null;
  };

  const restart = () => {
    if (closed || retryTimer) return;
    onStatus("reconnecting");
    if (healthyTimer) clearTimeout(healthyTimer);
    healthyTimer = null;
    const old = channel;
    channel = null;
    if (old) void supabase.removeChannel(old);
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    try {
      // the current session's access token (or the anon key when signed out) for the join
      await supabase.realtime.setAuth();
    } catch {
      // joining anyway: the server answers with a system error and we come back here
    }
    if (closed) return;
    const next = supabase.channel(topic, { config: { ...config, private: true } });
    channel = next;
    bind(next);
    next.on("system", {}, (payload: unknown) => {
      if (channel === next && isSystemError(payload)) restart();
    });
    next.subscribe((status) => {
      if (closed || channel !== next) return;
      if (status === "SUBSCRIBED") {
        onStatus("live");
        onSubscribed(next);
        healthyTimer = setTimeout(() => {
          attempt = 0;
        }, HEALTHY_AFTER_MS);
      } else if (status === "CLOSED") {
        // closed by the server (realtime-js does not rejoin a closed channel)
        restart();
      } else {
        onStatus("reconnecting");
      }
    });
  };

  onStatus("connecting");
  void connect();

  return () => {
    closed = true;
    clearTimers();
    if (channel) void supabase.removeChannel(channel);
    channel = null;
  };
}
