import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHostDriver, type PlaybackWrite } from "./host-driver";
import { createFakePlayer } from "./testing/fake-player";
import type { PlaybackState } from "./types";

const START = 1_700_000_000_000;
let state: PlaybackState | null;
let writes: PlaybackWrite[];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  state = null;
  writes = [];
});
afterEach(() => vi.useRealTimers());

/** The database's answer: the write becomes the state (as the broadcast and the action's answer make it). */
const accept = async (write: PlaybackWrite) => {
  writes.push(write);
  state = {
    partyId: "p",
    positionSeconds: write.positionSeconds,
    positionAt: write.at,
    isPlaying: write.isPlaying,
    playbackRate: write.playbackRate,
    updatedBy: "me",
    updatedAt: Date.now(),
    revision: (state?.revision ?? 0) + 1,
  };
};

function drive(write: (w: PlaybackWrite) => Promise<void> = accept, player = createFakePlayer(Date.now), onError = vi.fn()) {
  const driver = createHostDriver({
    player,
    serverNow: () => Date.now() + 5000,
    getState: () => state,
    write,
    viewerId: "me",
    onError,
    now: Date.now,
  });
  return { player, driver, onError };
}

describe("the host's player drives the party", () => {
  it("play, seek, rate and pause with the player's own controls are written with its position and the server time", async () => {
    const { player, driver } = drive();
    player.user("play");
    await vi.advanceTimersByTimeAsync(2000);
    player.user({ seek: 30 });
    await vi.advanceTimersByTimeAsync(0);
    player.user({ rate: 1.25 });
    await vi.advanceTimersByTimeAsync(0);
    player.user("pause");
    await vi.advanceTimersByTimeAsync(0);
    expect(writes.map((w) => [w.isPlaying, Number(w.positionSeconds.toFixed(2)), w.playbackRate])).toEqual([
      [true, 0, 1],
      [true, 30, 1],
      [true, 30, 1.25],
      [false, 30, 1.25],
    ]);
    expect(writes[0]!.at).toBe(START + 5000);
    driver.stop();
  });

  it("one write at a time, the latest winning: a drag along the timeline is a few writes, the last one where it ended", async () => {
    let release: () => void = () => undefined;
    const slow = (write: PlaybackWrite) =>
      new Promise<void>((resolve) => {
        release = () => void accept(write).then(resolve);
      });
    const { player, driver } = drive(slow);
    for (const seek of [10, 20, 30, 40]) player.user({ seek });
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes.map((w) => w.positionSeconds)).toEqual([10, 40]);
    driver.stop();
  });

  it("a stall (the host's player behind what it wrote) is written again; a player on time is left alone", async () => {
    const { player, driver } = drive();
    player.user("play");
    await vi.advanceTimersByTimeAsync(3000);
    expect(writes).toHaveLength(1);
    player.jumpTo(player.currentTime() - 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(2);
    driver.stop();
  });

  it("a state the previous host wrote (a handover race) is adopted, not fought; the host's own echo is not", async () => {
    const { player, driver } = drive();
    state = {
      partyId: "p",
      positionSeconds: 80,
      positionAt: START + 5000,
      isPlaying: true,
      playbackRate: 1,
      updatedBy: "previous host",
      updatedAt: START,
      revision: 7,
    };
    driver.stateChanged();
    expect(player.commands).toEqual(["seek 80.00", "play"]);
    // the events its own commands cause are not the host's doing
    player.emit("play");
    player.emit("seeked");
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([]);
    state = { ...state, updatedBy: "me", revision: 8, positionSeconds: 1 };
    driver.stateChanged();
    expect(player.commands).toHaveLength(2);
    driver.stop();
  });

  it("its own write's echo, arriving before the write's answer, is not adopted: the player keeps doing what the host did since", async () => {
    let answer: () => void = () => undefined;
    // the write commits (the state changes, the channel brings it) before its answer comes back
    const slow = (write: PlaybackWrite) => {
      void accept(write);
      return new Promise<void>((resolve) => (answer = resolve));
    };
    const { player, driver } = drive(slow);
    player.user({ seek: 10 });
    await vi.advanceTimersByTimeAsync(0);
    player.user("play");
    // the echo of "paused at 10" arrives while the write is in flight
    driver.stateChanged();
    expect(player.commands).toEqual([]);
    expect(player.paused()).toBe(false);
    answer();
    await vi.advanceTimersByTimeAsync(0);
    answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes.map((w) => [w.isPlaying, Number(w.positionSeconds.toFixed(2))])).toEqual([
      [false, 10],
      [true, 10],
    ]);
    driver.stop();
  });

  it("a host who reloads lands on the state they wrote before (the first state seen is adopted), and writes nothing for it", async () => {
    const player = createFakePlayer(Date.now);
    const driver = createHostDriver({
      player,
      serverNow: () => Date.now() + 5000,
      getState: () => state,
      write: accept,
      viewerId: "me",
      now: Date.now,
    });
    state = {
      partyId: "p",
      positionSeconds: 600,
      positionAt: START + 5000,
      isPlaying: true,
      playbackRate: 1,
      updatedBy: "me",
      updatedAt: START,
      revision: 12,
    };
    driver.stateChanged();
    expect(player.commands).toEqual(["seek 600.00", "play"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(writes).toEqual([]);
    driver.stop();
  });

  it("a refused write (no longer the host) says why", async () => {
    const { player, driver, onError } = drive(async () => {
      throw new Error("Only the host controls playback");
    });
    player.user("play");
    await vi.advanceTimersByTimeAsync(0);
    expect(onError).toHaveBeenCalledWith("Only the host controls playback");
    driver.stop();
  });
});
