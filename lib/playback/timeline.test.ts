import { describe, expect, it } from "vitest";
import { newerState, positionAt } from "./timeline";
import type { PlaybackState } from "./types";

const state = (patch: Partial<PlaybackState> = {}): PlaybackState => ({
  partyId: "p",
  positionSeconds: 10,
  positionAt: 1_000_000,
  isPlaying: true,
  playbackRate: 1,
  updatedBy: "host",
  updatedAt: 1_000_000,
  revision: 3,
  ...patch,
});

describe("the timeline", () => {
  it("playing: the position moves on with the server's time, at the rate", () => {
    expect(positionAt(state(), 1_002_500)).toBe(12.5);
    expect(positionAt(state({ playbackRate: 2 }), 1_001_000)).toBe(12);
  });

  it("paused: it stays; a server time before the sample never moves it back", () => {
    expect(positionAt(state({ isPlaying: false }), 9_999_999)).toBe(10);
    expect(positionAt(state(), 999_000)).toBe(10);
  });

  it("an older or equal revision never replaces a newer one (broadcasts and refetches cross)", () => {
    expect(newerState(state({ revision: 4 }), state({ revision: 3 }))?.revision).toBe(4);
    expect(newerState(state({ revision: 4 }), state({ revision: 5 }))?.revision).toBe(5);
    expect(newerState(undefined, state())?.revision).toBe(3);
    expect(newerState(state(), null)?.revision).toBe(3);
    expect(newerState(state({ partyId: "other", revision: 9 }), state({ revision: 1 }))?.partyId).toBe("p");
  });
});
