import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFollower } from "./follower";
import { createFakePlayer } from "./testing/fake-player";
import type { PlaybackState } from "./types";

const START = 1_700_000_000_000;
let state: PlaybackState | null;
const playing = (positionSeconds: number, patch: Partial<PlaybackState> = {}): PlaybackState => ({
  partyId: "p",
  positionSeconds,
  positionAt: Date.now(),
  isPlaying: true,
  playbackRate: 1,
  updatedBy: "host",
  updatedAt: Date.now(),
  revision: (state?.revision ?? 0) + 1,
  ...patch,
});
const expected = () =>
  state!.isPlaying ? state!.positionSeconds + ((Date.now() - state!.positionAt) / 1000) * state!.playbackRate : state!.positionSeconds;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  state = null;
});
afterEach(() => vi.useRealTimers());

function follow(player = createFakePlayer(Date.now), onTakeover = vi.fn()) {
  const follower = createFollower({ player, serverNow: Date.now, getState: () => state, onTakeover, now: Date.now });
  return { player, follower, onTakeover };
}

describe("a follower's player keeps to the host's timeline", () => {
  it("the host plays: the follower lands on the host's position and plays", () => {
    const { player, follower } = follow();
    state = playing(50);
    follower.stateChanged();
    expect(player.commands).toEqual(["seek 50.00", "rate 1.000", "play"]);
    vi.advanceTimersByTime(3000);
    expect(Math.abs(player.currentTime() - expected())).toBeLessThan(0.05);
    follower.stop();
  });

  it("a late joiner starts at the host's current position, not where the host pressed play", () => {
    state = playing(50);
    vi.advanceTimersByTime(42_000);
    const { player, follower } = follow();
    expect(player.commands[0]).toBe("seek 92.00");
    follower.stop();
  });

  it("small drift is nudged (no jump), then the rate returns to the host's", () => {
    state = playing(10);
    const { player, follower } = follow(createFakePlayer(Date.now, { position: 10, playing: true }));
    player.jumpTo(expected() - 0.1);
    vi.advanceTimersByTime(250);
    expect(player.commands.at(-1)).toBe("rate 1.100");
    expect(player.commands.some((c) => c.startsWith("seek"))).toBe(false);
    vi.advanceTimersByTime(2000);
    expect(player.rate()).toBe(1);
    expect(Math.abs(player.currentTime() - expected())).toBeLessThan(0.02);
    follower.stop();
  });

  it("large drift is a seek", () => {
    state = playing(10);
    const { player, follower } = follow(createFakePlayer(Date.now, { position: 10, playing: true }));
    player.jumpTo(expected() + 3);
    vi.advanceTimersByTime(250);
    expect(player.commands.filter((c) => c.startsWith("seek"))).toHaveLength(1);
    expect(Math.abs(player.currentTime() - expected())).toBeLessThan(0.05);
    follower.stop();
  });

  it("the host pauses: the follower pauses on the host's position; the host's rate is followed", () => {
    state = playing(10, { playbackRate: 1.5 });
    const { player, follower } = follow();
    vi.advanceTimersByTime(2000);
    state = { ...state, positionSeconds: 13.2, positionAt: Date.now(), isPlaying: false, revision: state.revision + 1 };
    follower.stateChanged();
    expect(player.paused()).toBe(true);
    expect(player.currentTime()).toBeCloseTo(13.2, 5);
    expect(player.rate()).toBe(1.5);
    follower.stop();
  });

  it("someone who pauses or seeks their own player against the timeline takes over; the follower's own commands do not count", () => {
    state = playing(10);
    const { player, follower, onTakeover } = follow();
    // the events its own seek and play cause
    player.emit("seeked");
    player.emit("play");
    expect(onTakeover).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2000);
    player.user({ seek: 200 });
    expect(onTakeover).toHaveBeenCalledTimes(1);
    follower.stop();
  });

  it("a live stream follows play and pause only", () => {
    state = playing(10);
    const player = createFakePlayer(Date.now);
    player.setCapabilities({ live: true, seek: false, fineRate: false });
    const { follower } = follow(player);
    expect(player.commands).toEqual(["play"]);
    state = { ...state, isPlaying: false, revision: state.revision + 1 };
    follower.stateChanged();
    expect(player.commands).toEqual(["play", "pause"]);
    follower.stop();
  });

  it("nothing to follow yet (no state): the player is left alone", () => {
    const { player, follower } = follow();
    vi.advanceTimersByTime(2000);
    expect(player.commands).toEqual([]);
    follower.stop();
  });
});
