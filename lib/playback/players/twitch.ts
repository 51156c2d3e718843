// Twitch's embedded player through the postMessage protocol its embed script (embed/v1.js) speaks
// to player.twitch.tv; the app loads no Twitch script. Live streams follow the host's play and
// pause only (there is no position to share), so only these are used:
//   → {namespace:"twitch-embed-player-proxy", eventName:3 (play) | 2 (pause), params:null}
//   ← {namespace:"twitch-embed-player-proxy", eventName:"UPDATE_STATE", params:{playback:"Playing"|"Paused"|…, currentTime}}
//   ← {namespace:"twitch-embed", eventName:"ready"|"play"|"pause"}
import type { PlayerAdapter } from "../types";
import type { FramePort } from "./frame-port";
import { createListeners } from "./listeners";
import { isRecord } from "./values";

export const TWITCH_PROXY = "twitch-embed-player-proxy";
export const TWITCH_EMBED = "twitch-embed";
export const TWITCH_COMMAND = { pause: 2, play: 3 } as const;

export function createTwitchAdapter(port: FramePort): PlayerAdapter {
  const listeners = createListeners();
  let ready = false;
  let playing = false;
  let currentTime = 0;

  const becomeReady = () => {
    if (ready) return;
    ready = true;
    listeners.emit("ready");
  };
  const setPlaying = (next: boolean) => {
    if (next === playing) return;
    playing = next;
    listeners.emit(next ? "play" : "pause");
  };

  const unsubscribe = port.onMessage((data) => {
    if (!isRecord(data)) return;
    if (data.namespace === TWITCH_PROXY && data.eventName === "UPDATE_STATE" && isRecord(data.params)) {
      const { playback, currentTime: time } = data.params;
      if (typeof time === "number" && Number.isFinite(time)) currentTime = time;
      becomeReady();
      if (playback === "Playing") setPlaying(true);
      else if (playback === "Paused" || playback === "Ended" || playback === "Idle") setPlaying(false);
    } else if (data.namespace === TWITCH_EMBED) {
      if (data.eventName === "ready") becomeReady();
      else if (data.eventName === "play") setPlaying(true);
      else if (data.eventName === "pause") setPlaying(false);
    }
  });
  const command = (eventName: number) => port.post({ namespace: TWITCH_PROXY, eventName, params: null });

  return {
    kind: "twitch",
    capabilities: () => ({ seek: false, fineRate: false, live: true }),
    isReady: () => ready,
    currentTime: () => currentTime,
    paused: () => !playing,
    rate: () => 1,
    seeking: () => false,
    duration: () => null,
    play: async () => command(TWITCH_COMMAND.play),
    pause: () => command(TWITCH_COMMAND.pause),
    seek: () => undefined,
    setRate: () => undefined,
    subscribe: (listener) => listeners.add(listener),
    destroy: () => {
      unsubscribe();
      listeners.clear();
    },
  };
}
