// YouTube's embedded player through the IFrame Player API's postMessage protocol (what the API's
// own widget script speaks; the app loads no YouTube script, so the page's CSP needs only the
// player's origin in frame-src). The frame is loaded with enablejsapi=1 and origin=<this origin>.
//   → {"event":"listening","id":<widget id>,"channel":"widget"} until the player answers
//   → {"event":"command","func":"playVideo"|"pauseVideo"|"seekTo"|"setPlaybackRate"|"addEventListener","args":[…],"id":…,"channel":"widget"}
//   ← {"event":"initialDelivery"|"infoDelivery","info":{"currentTime","currentTimeLastUpdated_","playerState","playbackRate","duration",…}}
//   ← {"event":"onReady"} · {"event":"onStateChange","info":<state>} · {"event":"onPlaybackRateChange","info":<rate>}
// States: -1 unstarted, 0 ended, 1 playing, 2 paused, 3 buffering, 5 cued. Rates come in steps
// (0.25 … 2), so drift is corrected by seeking only. YouTube reports no seek: a reported position
// far from where the previous report led is one.
import type { PlayerAdapter } from "../types";
import type { FramePort } from "./frame-port";
import { createListeners } from "./listeners";
import { createReportedPosition } from "./reported-position";
import { finiteNumber as num, isRecord } from "./values";

export const YOUTUBE_STATE = { unstarted: -1, ended: 0, playing: 1, paused: 2, buffering: 3, cued: 5 } as const;

const GREET_EVERY_MS = 250;
/** A seek is assumed done after this long (YouTube says nothing when it lands). */
const SEEK_SETTLE_MS = 400;
/** A reported jump larger than this (seconds) is a seek. */
const JUMP_S = 1;

interface YouTubeMessage {
  event?: unknown;
  info?: unknown;
}

export interface YouTubeAdapterOptions {
  widgetId?: number;
  now?: () => number;
}

export function createYouTubeAdapter(port: FramePort, { widgetId = 1, now = Date.now }: YouTubeAdapterOptions = {}): PlayerAdapter {
  const listeners = createListeners();
  const position = createReportedPosition(now);
  let ready = false;
  let answered = false;
  let state: number = YOUTUBE_STATE.unstarted;
  let duration: number | null = null;
  let seekingUntil = 0;

  const send = (message: Record<string, unknown>) => port.post({ ...message, id: widgetId, channel: "widget" });
  const command = (func: string, args: unknown[] = []) => send({ event: "command", func, args });

  let greeter: ReturnType<typeof setInterval> | null = null;
  const greet = () => {
    answered = false;
    if (greeter) clearInterval(greeter);
    send({ event: "listening" });
    greeter = setInterval(() => send({ event: "listening" }), GREET_EVERY_MS);
  };

  const setState = (next: number) => {
    if (next === state) return;
    const previous = state;
    state = next;
    position.setPlaying(next === YOUTUBE_STATE.playing);
    if (next === YOUTUBE_STATE.playing) {
      if (previous !== YOUTUBE_STATE.buffering) listeners.emit("play");
      listeners.emit("playing");
    } else if (next === YOUTUBE_STATE.paused) {
      listeners.emit("pause");
    } else if (next === YOUTUBE_STATE.ended) {
      listeners.emit("pause");
      listeners.emit("ended");
    } else if (next === YOUTUBE_STATE.buffering) {
      listeners.emit("waiting");
    }
  };

  const becomeReady = () => {
    if (ready) return;
    ready = true;
    listeners.emit("ready");
  };

  const applyInfo = (info: Record<string, unknown>) => {
    const rate = num(info.playbackRate);
    if (rate !== null && rate !== position.rate()) {
      position.setRate(rate);
      listeners.emit("ratechange");
    }
    const total = num(info.duration);
    if (total !== null && total > 0) duration = total;
    const playerState = num(info.playerState);
    if (playerState !== null) setState(playerState);
    const time = num(info.currentTime);
    if (time !== null) {
      const jumped = Math.abs(time - position.current()) > JUMP_S && now() >= seekingUntil;
      const updated = num(info.currentTimeLastUpdated_);
      position.report(time, updated !== null ? updated * 1000 : now());
      if (jumped) listeners.emit("seeked");
    }
  };

  const unsubscribe = port.onMessage((data) => {
    if (!isRecord(data)) return;
    const { event, info } = data as YouTubeMessage;
    if (!answered) {
      answered = true;
      if (greeter) clearInterval(greeter);
      greeter = null;
      for (const name of ["onReady", "onStateChange", "onPlaybackRateChange"]) command("addEventListener", [name]);
    }
    if ((event === "initialDelivery" || event === "infoDelivery") && isRecord(info)) {
      applyInfo(info);
      // a player that reports its state is ready (one already listening reports without a new initialDelivery)
      becomeReady();
    } else if (event === "onReady") {
      becomeReady();
    } else if (event === "onStateChange" && num(info) !== null) {
      setState(num(info)!);
    } else if (event === "onPlaybackRateChange" && num(info) !== null) {
      position.setRate(num(info)!);
      listeners.emit("ratechange");
    }
  });
  const stopLoad = port.onLoad(greet);
  greet();

  return {
    kind: "youtube",
    capabilities: () => ({ seek: true, fineRate: false, live: false }),
    isReady: () => ready,
    currentTime: () => position.current(),
    paused: () => state !== YOUTUBE_STATE.playing && state !== YOUTUBE_STATE.buffering,
    rate: () => position.rate(),
    seeking: () => now() < seekingUntil,
    duration: () => duration,
    play: async () => command("playVideo"),
    pause: () => command("pauseVideo"),
    seek: (seconds) => {
      seekingUntil = now() + SEEK_SETTLE_MS;
      position.report(seconds);
      command("seekTo", [seconds, true]);
    },
    setRate: (rate) => command("setPlaybackRate", [rate]),
    subscribe: (listener) => listeners.add(listener),
    destroy: () => {
      if (greeter) clearInterval(greeter);
      unsubscribe();
      stopLoad();
      listeners.clear();
    },
  };
}
