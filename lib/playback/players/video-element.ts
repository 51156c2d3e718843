// A <video> element as a player: its own controls drive it (the host's play, pause, seeked and
// ratechange events), and the engine sets currentTime, playbackRate and play/pause on followers.
// A browser that refuses to start playback with sound (no user gesture yet, e.g. after a reload)
// gets it muted instead, and `onAutoplayMuted` hands the page the way to "Unmute".
import type { PlayerAdapter, PlayerEvent } from "../types";
import { createListeners } from "./listeners";

const FORWARDED: Record<string, PlayerEvent> = {
  play: "play",
  pause: "pause",
  seeked: "seeked",
  ratechange: "ratechange",
  waiting: "waiting",
  playing: "playing",
  ended: "ended",
  loadedmetadata: "ready",
};

export interface VideoAdapterOptions {
  /** the browser refused playback with sound and it plays muted; `unmute` (after a click) restores it */
  onAutoplayMuted?: (unmute: () => void) => void;
}

export function createVideoAdapter(video: HTMLVideoElement, { onAutoplayMuted }: VideoAdapterOptions = {}): PlayerAdapter {
  const listeners = createListeners();
  const handlers = Object.entries(FORWARDED).map(([type, event]) => {
    const handler = () => listeners.emit(event);
    video.addEventListener(type, handler);
    return [type, handler] as const;
  });

  return {
    kind: "video",
    capabilities: () => ({ seek: true, fineRate: true, live: false }),
    // HAVE_METADATA: the duration is known and the position can be set
    isReady: () => video.readyState >= 1,
    currentTime: () => video.currentTime,
    paused: () => video.paused,
    rate: () => video.playbackRate,
    seeking: () => video.seeking,
    duration: () => (Number.isFinite(video.duration) ? video.duration : null),
    play: async () => {
      try {
        await video.play();
      } catch (error) {
        if (!(error instanceof DOMException) || error.name !== "NotAllowedError" || video.muted) return;
        video.muted = true;
        onAutoplayMuted?.(() => {
          video.muted = false;
        });
        await video.play().catch(() => undefined);
      }
    },
    pause: () => video.pause(),
    seek: (seconds) => {
      video.currentTime = seconds;
    },
    setRate: (rate) => {
      video.playbackRate = rate;
    },
    subscribe: (listener) => listeners.add(listener),
    destroy: () => {
      for (const [type, handler] of handlers) video.removeEventListener(type, handler);
      listeners.clear();
    },
  };
}
