// Vimeo's embedded player through its Player API's postMessage protocol (what @vimeo/player
// speaks; no Vimeo script is loaded). Messages are objects:
//   → {method:"ping"} until the player answers ({method:"ping"} or {event:"ready"})
//   → {method:"addEventListener", value:<event>} · {method:"play"|"pause"} · {method:"setCurrentTime", value:<s>}
//     · {method:"setPlaybackRate", value:<rate>} · {method:"getCurrentTime"|"getPaused"|"getPlaybackRate"|"getDuration"}
//   ← {method:<getter>, value:<v>} · {event:"timeupdate"|"play"|"pause"|"seeked", data:{seconds, duration}}
//     · {event:"playbackratechange", data:{playbackRate}} · {event:"bufferstart"|"bufferend"|"ended"}
//     · {event:"error", data:{method, name, message}}
// setPlaybackRate is refused for videos whose owner turned speed controls off: drift is then
// corrected by seeking only.
import type { PlayerAdapter } from "../types";
import type { FramePort } from "./frame-port";
import { createListeners } from "./listeners";
import { createReportedPosition } from "./reported-position";
import { finiteNumber as num, isRecord } from "./values";

const PING_EVERY_MS = 500;
const SEEK_TIMEOUT_MS = 2000;
const EVENTS = ["play", "pause", "seeked", "timeupdate", "playbackratechange", "bufferstart", "bufferend", "ended"];

export function createVimeoAdapter(port: FramePort, { now = Date.now }: { now?: () => number } = {}): PlayerAdapter {
  const listeners = createListeners();
  const position = createReportedPosition(now);
  let ready = false;
  let fineRate = true;
  let duration: number | null = null;
  let seekingUntil = 0;

  const call = (method: string, value?: unknown) => port.post(value === undefined ? { method } : { method, value });

  let pinger: ReturnType<typeof setInterval> | null = null;
  const ping = () => {
    ready = false;
    if (pinger) clearInterval(pinger);
    call("ping");
    pinger = setInterval(() => call("ping"), PING_EVERY_MS);
  };

  const becomeReady = () => {
    if (ready) return;
    ready = true;
    if (pinger) clearInterval(pinger);
    pinger = null;
    for (const event of EVENTS) call("addEventListener", event);
    for (const getter of ["getCurrentTime", "getPaused", "getPlaybackRate", "getDuration"]) call(getter);
    listeners.emit("ready");
  };

  const noteSeconds = (data: unknown) => {
    if (!isRecord(data)) return;
    const seconds = num(data.seconds);
    if (seconds !== null) position.report(seconds);
    const total = num(data.duration);
    if (total !== null && total > 0) duration = total;
  };

  const onEvent = (event: string, data: unknown) => {
    switch (event) {
      case "ready":
        return becomeReady();
      case "timeupdate":
        return noteSeconds(data);
      case "play":
        noteSeconds(data);
        position.setPlaying(true);
        return listeners.emit("play");
      case "pause":
        noteSeconds(data);
        position.setPlaying(false);
        return listeners.emit("pause");
      case "ended":
        position.setPlaying(false);
        listeners.emit("pause");
        return listeners.emit("ended");
      case "seeked":
        seekingUntil = 0;
        noteSeconds(data);
        return listeners.emit("seeked");
      case "playbackratechange": {
        const rate = isRecord(data) ? num(data.playbackRate) : null;
        if (rate !== null) position.setRate(rate);
        return listeners.emit("ratechange");
      }
      case "bufferstart":
        return listeners.emit("waiting");
      case "bufferend":
        return listeners.emit("playing");
      case "error":
        if (isRecord(data) && data.method === "setPlaybackRate") fineRate = false;
    }
  };

  const onReply = (method: string, value: unknown) => {
    if (method === "ping") return becomeReady();
    if (method === "getCurrentTime" && num(value) !== null) position.report(num(value)!);
    if (method === "getPaused" && typeof value === "boolean") position.setPlaying(!value);
    if (method === "getPlaybackRate" && num(value) !== null) position.setRate(num(value)!);
    if (method === "getDuration" && num(value) !== null) duration = num(value);
  };

  const unsubscribe = port.onMessage((data) => {
    if (!isRecord(data)) return;
    if (typeof data.event === "string") onEvent(data.event, data.data);
    else if (typeof data.method === "string") onReply(data.method, data.value);
  });
  const stopLoad = port.onLoad(ping);
  ping();

  return {
    kind: "vimeo",
    capabilities: () => ({ seek: true, fineRate, live: false }),
    isReady: () => ready,
    currentTime: () => position.current(),
    paused: () => !position.playing(),
    rate: () => position.rate(),
    seeking: () => now() < seekingUntil,
    duration: () => duration,
    play: async () => call("play"),
    pause: () => call("pause"),
    seek: (seconds) => {
      seekingUntil = now() + SEEK_TIMEOUT_MS;
      position.report(seconds);
      call("setCurrentTime", seconds);
    },
    setRate: (rate) => {
      if (!fineRate && rate !== 1) return;
      call("setPlaybackRate", rate);
    },
    subscribe: (listener) => listeners.add(listener),
    destroy: () => {
      if (pinger) clearInterval(pinger);
      unsubscribe();
      stopLoad();
      listeners.clear();
    },
  };
}
