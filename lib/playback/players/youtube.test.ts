import { describe, expect, it, vi } from "vitest";
import type { PlayerEvent } from "../types";
import { createFakePort } from "../testing/fake-port";
import { withFakeTime } from "../testing/fake-time";
import { createYouTubeAdapter, YOUTUBE_STATE } from "./youtube";

withFakeTime();

function setup() {
  const port = createFakePort();
  const player = createYouTubeAdapter(port, { widgetId: 7 });
  const events: PlayerEvent[] = [];
  player.subscribe((event) => events.push(event));
  return { port, player, events };
}

const commands = (sent: unknown[]) =>
  sent
    .filter((m): m is { event: string; func: string; args: unknown[] } => (m as { event?: string }).event === "command")
    .map((m) => [m.func, ...m.args]);

describe("YouTube's IFrame Player API over postMessage", () => {
  it("greets the player with 'listening' until it answers, then subscribes to its events", () => {
    const { port } = setup();
    vi.advanceTimersByTime(600);
    expect(port.sent).toHaveLength(3);
    expect(port.sent[0]).toEqual({ event: "listening", id: 7, channel: "widget" });
    port.fromPlayer({ event: "initialDelivery", info: { playerState: -1, currentTime: 0, playbackRate: 1, duration: 596.5 } });
    vi.advanceTimersByTime(1000);
    expect(commands(port.sent)).toEqual([
      ["addEventListener", "onReady"],
      ["addEventListener", "onStateChange"],
      ["addEventListener", "onPlaybackRateChange"],
    ]);
    expect(port.sent.filter((m) => (m as { event?: string }).event === "listening")).toHaveLength(3);
  });

  it("is ready after initialDelivery or onReady, knows the duration, and greets again when the frame reloads", () => {
    const { port, player, events } = setup();
    expect(player.isReady()).toBe(false);
    port.fromPlayer({ event: "onReady", info: null });
    expect(player.isReady()).toBe(true);
    expect(events).toEqual(["ready"]);
    port.fromPlayer({ event: "infoDelivery", info: { duration: 120 } });
    expect(player.duration()).toBe(120);
    const before = port.sent.length;
    port.reload();
    expect(port.sent.length).toBe(before + 1);
  });

  it("commands: playVideo, pauseVideo, seekTo(seconds, allowSeekAhead), setPlaybackRate", async () => {
    const { port, player } = setup();
    await player.play();
    player.pause();
    player.seek(42.5);
    player.setRate(1.5);
    expect(commands(port.sent)).toEqual([["playVideo"], ["pauseVideo"], ["seekTo", 42.5, true], ["setPlaybackRate", 1.5]]);
    expect(player.seeking()).toBe(true);
    expect(player.currentTime()).toBe(42.5);
  });

  it("states become events: playing → play, paused → pause, buffering → waiting, ended → pause and ended", () => {
    const { port, player, events } = setup();
    port.fromPlayer({ event: "onStateChange", info: YOUTUBE_STATE.playing });
    expect(player.paused()).toBe(false);
    port.fromPlayer({ event: "onStateChange", info: YOUTUBE_STATE.buffering });
    port.fromPlayer({ event: "onStateChange", info: YOUTUBE_STATE.playing });
    port.fromPlayer({ event: "infoDelivery", info: { playerState: YOUTUBE_STATE.paused } });
    port.fromPlayer({ event: "onStateChange", info: YOUTUBE_STATE.ended });
    // a player reporting its state is ready
    expect(events).toEqual(["play", "playing", "waiting", "playing", "pause", "ready", "pause", "ended"]);
    expect(player.paused()).toBe(true);
  });

  it("the position: reported, then moved on at the rate while playing; a reported jump is a seek", () => {
    const { port, player, events } = setup();
    port.fromPlayer({
      event: "infoDelivery",
      info: { playerState: 1, currentTime: 10, playbackRate: 2, currentTimeLastUpdated_: Date.now() / 1000 },
    });
    vi.advanceTimersByTime(500);
    expect(player.currentTime()).toBeCloseTo(11, 5);
    expect(player.rate()).toBe(2);
    port.fromPlayer({ event: "infoDelivery", info: { currentTime: 90, currentTimeLastUpdated_: Date.now() / 1000 } });
    expect(events).toContain("seeked");
    port.fromPlayer({ event: "onPlaybackRateChange", info: 1 });
    expect(events.filter((e) => e === "ratechange")).toHaveLength(2);
  });

  it("rates come in steps: drift is corrected by seeking only (no fine rate)", () => {
    expect(setup().player.capabilities()).toEqual({ seek: true, fineRate: false, live: false });
  });

  it("ignores what is not the protocol", () => {
    const { port, player, events } = setup();
    for (const junk of [null, 42, "text", { event: "infoDelivery", info: "nope" }, { event: "onStateChange", info: "1" }])
      port.fromPlayer(junk);
    expect(events).toEqual([]);
    expect(player.currentTime()).toBe(0);
  });
});
