import { describe, expect, it, vi } from "vitest";
import type { PlayerEvent } from "../types";
import { createVideoAdapter } from "./video-element";

/** What the adapter uses of a <video>, with play() refusable as a browser's autoplay policy refuses it. */
class FakeVideo extends EventTarget {
  currentTime = 0;
  playbackRate = 1;
  paused = true;
  seeking = false;
  muted = false;
  duration = Number.NaN;
  readyState = 0;
  refuseSound = false;
  async play() {
    if (this.refuseSound && !this.muted) throw new DOMException("play() needs a user gesture", "NotAllowedError");
    this.paused = false;
    this.dispatchEvent(new Event("play"));
  }
  pause() {
    this.paused = true;
    this.dispatchEvent(new Event("pause"));
  }
}

function setup() {
  const video = new FakeVideo();
  const onAutoplayMuted = vi.fn();
  const player = createVideoAdapter(video as unknown as HTMLVideoElement, { onAutoplayMuted });
  const events: PlayerEvent[] = [];
  player.subscribe((event) => events.push(event));
  return { video, player, events, onAutoplayMuted };
}

describe("a <video> as a player", () => {
  it("its own events reach the engine (loadedmetadata as ready)", () => {
    const { video, events } = setup();
    for (const type of ["loadedmetadata", "play", "pause", "seeked", "ratechange", "waiting", "playing", "ended", "timeupdate"])
      video.dispatchEvent(new Event(type));
    expect(events).toEqual(["ready", "play", "pause", "seeked", "ratechange", "waiting", "playing", "ended"]);
  });

  it("reads and sets position, rate and play state; ready once metadata is there; the duration when known", async () => {
    const { video, player } = setup();
    expect(player.isReady()).toBe(false);
    expect(player.duration()).toBeNull();
    video.readyState = 1;
    video.duration = 60;
    player.seek(12.5);
    player.setRate(1.05);
    await player.play();
    expect([video.currentTime, video.playbackRate, player.paused(), player.isReady(), player.duration()]).toEqual([
      12.5,
      1.05,
      false,
      true,
      60,
    ]);
    expect(player.capabilities()).toEqual({ seek: true, fineRate: true, live: false });
  });

  it("a browser that refuses sound without a gesture gets it muted, and the page can unmute after a click", async () => {
    const { video, player, onAutoplayMuted } = setup();
    video.refuseSound = true;
    await player.play();
    expect(video.muted).toBe(true);
    expect(player.paused()).toBe(false);
    const unmute = onAutoplayMuted.mock.calls[0]![0] as () => void;
    unmute();
    expect(video.muted).toBe(false);
  });

  it("destroy lets go of the element's events", () => {
    const { video, player, events } = setup();
    player.destroy();
    video.dispatchEvent(new Event("play"));
    expect(events).toEqual([]);
  });
});
