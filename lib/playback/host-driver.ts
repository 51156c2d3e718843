// The host's player drives the party: whatever the host does with it (play, pause, seek, rate,
// with its own controls) is written to the database, one write at a time, the latest winning
// (a drag along the timeline makes many seeks and a few writes). Each write samples the player
// then, with the server time of the sample, so the route the write takes does not matter. When the
// host's player drifts from what it last wrote (a stall while buffering), it writes again. A state
// written by someone else (the previous host, just before a handover) is adopted, not fought.
import { positionAt } from "./timeline";
import type { PlaybackState, PlayerAdapter, PlayerEvent } from "./types";

export interface PlaybackWrite {
  positionSeconds: number;
  isPlaying: boolean;
  playbackRate: number;
  /** server time (ms) of the sample */
  at: number;
}

export interface HostDriverOptions {
  player: PlayerAdapter;
  serverNow: () => number;
  getState: () => PlaybackState | null;
  /** writes the state (the database checks that the caller is the host); rejects with a readable message */
  write: (next: PlaybackWrite) => Promise<void>;
  viewerId: string;
  onError?: (message: string) => void;
  /** how often the host's own player is compared with what it last wrote */
  checkEveryMs?: number;
  now?: () => number;
}

export interface HostDriver {
  stateChanged(): void;
  stop(): void;
}

/** Events during this long after the driver's own commands (adopting a state) are not the host's doing. */
const OWN_EVENT_WINDOW_MS = 1500;
/** The host's player this far (s) from what it last wrote is written again. */
export const REANCHOR_ABOVE_S = 0.3;
/** The database keeps positions up to seven days. */
const MAX_POSITION_S = 604_800;
const DRIVING_EVENTS = new Set<PlayerEvent>(["play", "pause", "seeked", "ratechange"]);

export function createHostDriver({
  player,
  serverNow,
  getState,
  write,
  viewerId,
  onError,
  checkEveryMs = 1000,
  now = () => performance.now(),
}: HostDriverOptions): HostDriver {
  let ownUntil = 0;
  let inFlight = false;
  let dirty = false;
  let stopped = false;
  /** the first state the driver sees is adopted whoever wrote it (a reload, a handover); later ones only when written by someone else */
  let adopted = false;
  let adoptedRevision = 0;

  // a live stream has no position to share: play and pause only
  const sample = (): PlaybackWrite => ({
    positionSeconds: player.capabilities().live ? 0 : Math.min(MAX_POSITION_S, Math.max(0, player.currentTime())),
    isPlaying: !player.paused(),
    playbackRate: player.rate(),
    at: serverNow(),
  });

  const flush = async () => {
    if (stopped) return;
    if (inFlight) {
      dirty = true;
      return;
    }
    inFlight = true;
    dirty = false;
    // what it writes is its player: nothing to adopt from before, not even the echo of this write,
    // which the room's channel can bring before the write's own answer (and which would pause or
    // move the player back to where it was when the write began)
    adopted = true;
    try {
      await write(sample());
    } catch (error) {
      onError?.(error instanceof Error ? error.message : "Could not share what you did with the player");
    } finally {
      inFlight = false;
    }
    if (dirty) void flush();
  };

  /** Moves the host's own player to `state` (on load, or a state written by the previous host). */
  const adopt = (state: PlaybackState) => {
    if (!player.isReady()) return;
    ownUntil = now() + OWN_EVENT_WINDOW_MS;
    const caps = player.capabilities();
    if (caps.seek && !caps.live) {
      const expected = positionAt(state, serverNow());
      if (Math.abs(player.currentTime() - expected) > REANCHOR_ABOVE_S) player.seek(expected);
      if (Math.abs(player.rate() - state.playbackRate) > 1e-3) player.setRate(state.playbackRate);
    }
    if (state.isPlaying && player.paused()) void player.play();
    if (!state.isPlaying && !player.paused()) player.pause();
    adopted = true;
    adoptedRevision = state.revision;
  };

  const onEvent = (event: PlayerEvent) => {
    if (event === "ready") {
      const state = getState();
      if (state) adopt(state);
      return;
    }
    if (!DRIVING_EVENTS.has(event) || now() < ownUntil) return;
    void flush();
  };

  const check = () => {
    const state = getState();
    if (!state || !adopted || !player.isReady() || player.seeking() || inFlight || now() < ownUntil) return;
    const playing = !player.paused();
    const caps = player.capabilities();
    const drifted =
      caps.seek && !caps.live && playing && Math.abs(player.currentTime() - positionAt(state, serverNow())) > REANCHOR_ABOVE_S;
    const rateChanged = caps.fineRate && Math.abs(player.rate() - state.playbackRate) > 1e-3;
    if (playing !== state.isPlaying || drifted || rateChanged) void flush();
  };

  const unsubscribe = player.subscribe(onEvent);
  const timer = setInterval(check, checkEveryMs);
  const initial = getState();
  if (initial) adopt(initial);

  return {
    stateChanged: () => {
      const state = getState();
      if (!state) return;
      if (!adopted || (state.revision > adoptedRevision && state.updatedBy !== viewerId)) adopt(state);
      else adoptedRevision = Math.max(adoptedRevision, state.revision);
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
    },
  };
}
