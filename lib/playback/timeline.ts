// The party's timeline: where the media stands at a given server time, and which of two states is newer.
import type { PlaybackState } from "./types";

/** The position (seconds) the state puts the media at, at server time `serverNowMs`. */
export function positionAt(state: PlaybackState, serverNowMs: number): number {
  if (!state.isPlaying) return state.positionSeconds;
  const elapsed = Math.max(0, serverNowMs - state.positionAt) / 1000;
  return state.positionSeconds + elapsed * state.playbackRate;
}

/** `incoming` unless `current` is as new or newer (broadcasts and refetches may cross). */
export function newerState(current: PlaybackState | null | undefined, incoming: PlaybackState | null): PlaybackState | null {
  if (!incoming) return current ?? null;
  if (current && current.partyId === incoming.partyId && current.revision >= incoming.revision) return current;
  return incoming;
}
