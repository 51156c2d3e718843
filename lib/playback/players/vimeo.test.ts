import { describe, expect, it, vi } from "vitest";
import type { PlayerEvent } from "../types";
import { createFakePort } from "../testing/fake-port";
import { withFakeTime } from "../testing/fake-time";
import { createVimeoAdapter } from "./vimeo";

withFakeTime();

function setup() {
  const port = createFakePort();
  const player = createVimeoAdapter(port);
  const events: PlayerEvent[] = [];
  player.subscribe((event) => events.push(event));
  return { port, player, events };
}

describe("Vimeo's Player API over postMessage", () => {
  it("pings until the player answers, then listens to its events and asks for its state", () => {
    const { port, player, events } = setup();
    vi.advanceTimersByTime(1100);
    expect(port.sent).toEqual([{ method: "ping" }, { method: "ping" }, { method: "ping" }]);
    port.fromPlayer({ method: "ping" });
    expect(player.isReady()).toBe(true);
    expect(events).toEqual(["ready"]);
    const after = port.sent.slice(3);
    expect(after.filter((m) => (m as { method: string }).method === "addEventListener").map((m) => (m as { value: string }).value)).toEqual(
      ["play", "pause", "seeked", "timeupdate", "playbackratechange", "bufferstart", "bufferend", "ended"],
    );
    expect(after.slice(-4)).toEqual([
      { method: "getCurrentTime" },
      { method: "getPaused" },
      { method: "getPlaybackRate" },
      { method: "getDuration" },
    ]);
    vi.advanceTimersByTime(2000);
    expect(port.sent.filter((m) => (m as { method: string }).method === "ping")).toHaveLength(3);
  });

  it("a 'ready' event works as well; getters' answers set the state", () => {
    const { port, player } = setup();
    port.fromPlayer({ event: "ready" });
    port.fromPlayer({ method: "getCurrentTime", value: 33 });
    port.fromPlayer({ method: "getPaused", value: false });
    port.fromPlayer({ method: "getPlaybackRate", value: 1.5 });
    port.fromPlayer({ method: "getDuration", value: 300 });
    vi.advanceTimersByTime(1000);
    expect(player.currentTime()).toBeCloseTo(34.5, 5);
    expect(player.paused()).toBe(false);
    expect(player.duration()).toBe(300);
  });

  it("commands: play, pause, setCurrentTime, setPlaybackRate", async () => {
    const { port, player } = setup();
    port.fromPlayer({ event: "ready" });
    port.sent.length = 0;
    await player.play();
    player.pause();
    player.seek(12.25);
    player.setRate(1.05);
    expect(port.sent).toEqual([
      { method: "play" },
      { method: "pause" },
      { method: "setCurrentTime", value: 12.25 },
      { method: "setPlaybackRate", value: 1.05 },
    ]);
    expect(player.seeking()).toBe(true);
    port.fromPlayer({ event: "seeked", data: { seconds: 12.25, duration: 300 } });
    expect(player.seeking()).toBe(false);
  });

  it("events: play, pause, seeked, rate, buffering, ended; timeupdate moves the position", () => {
    const { port, player, events } = setup();
    port.fromPlayer({ event: "play", data: { seconds: 5 } });
    port.fromPlayer({ event: "timeupdate", data: { seconds: 6, duration: 100 } });
    expect(player.currentTime()).toBe(6);
    port.fromPlayer({ event: "bufferstart" });
    port.fromPlayer({ event: "bufferend" });
    port.fromPlayer({ event: "playbackratechange", data: { playbackRate: 2 } });
    port.fromPlayer({ event: "pause", data: { seconds: 7 } });
    port.fromPlayer({ event: "ended" });
    expect(events).toEqual(["play", "waiting", "playing", "ratechange", "pause", "pause", "ended"]);
    expect(player.rate()).toBe(2);
    expect(player.paused()).toBe(true);
  });

  it("a video whose owner turned speed controls off refuses setPlaybackRate: drift is then corrected by seeking", () => {
    const { port, player } = setup();
    expect(player.capabilities().fineRate).toBe(true);
    port.fromPlayer({ event: "error", data: { method: "setPlaybackRate", name: "Error", message: "speed not available" } });
    expect(player.capabilities()).toEqual({ seek: true, fineRate: false, live: false });
    port.sent.length = 0;
    player.setRate(1.05);
    expect(port.sent).toEqual([]);
  });
});
