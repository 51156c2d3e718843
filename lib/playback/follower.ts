// A follower's player kept on the host's timeline: play and pause at once when the state changes,
// then a check every tick that nudges the rate for small drift and seeks for large drift (see
// drift.ts). It learns how late its player resumes after a seek and aims that much ahead. A user
// who plays, pauses or seeks their own player against the timeline has taken over: `onTakeover`.
import { decideCorrection, SEEK_ABOVE_S } from "./drift";
import { positionAt } from "./timeline";
import type { PlaybackState, PlayerAdapter, PlayerEvent } from "./types";

export interface FollowerOptions {
  player: PlayerAdapter;
  /** the server's clock (ms since the epoch) */
  serverNow: () => number;
  getState: () => PlaybackState | null;
  /** the person used their own player's controls against the host's timeline */
  onTakeover?: () => void;
  tickMs?: number;
  /** local monotonic ms, for cooldowns */
  now?: () => number;
}

export interface Follower {
  /** a new state arrived: act on it now rather than at the next tick */
  stateChanged(): void;
  stop(): void;
}

/** How long the follower waits for the event its own command causes before forgetting it. */
const OWN_EVENT_TIMEOUT_MS = 5000;
const SEEK_COOLDOWN_MS = 600;
const MAX_SEEK_LEAD_S = 1.5;

export function createFollower({
  player,
  serverNow,
  getState,
  onTakeover,
  tickMs = 250,
  now = () => performance.now(),
}: FollowerOptions): Follower {
  let nudging = false;
  let seekLeadS = 0;
  let cooldownUntil = 0;
  /** the events the follower's own commands will cause (a seek's seeked, a play's play), with when they were asked */
  const expecting = new Map<PlayerEvent, number>();
  /** a seek while playing whose landing is measured to learn the lead */
  let measureSeekAfter: number | null = null;

  const command = (run: () => void, causes?: PlayerEvent) => {
    if (causes) expecting.set(causes, now());
    run();
  };
  /** whether `event` is what one of the follower's own commands caused (then it is consumed) */
  const own = (event: PlayerEvent) => {
    const asked = expecting.get(event);
    if (asked === undefined) return false;
    expecting.delete(event);
    return now() - asked < OWN_EVENT_TIMEOUT_MS;
  };

  const expectedAt = (state: PlaybackState) => positionAt(state, serverNow());

  const seekTo = (to: number, playing: boolean) => {
    command(() => player.seek(to), "seeked");
    cooldownUntil = now() + SEEK_COOLDOWN_MS;
    measureSeekAfter = playing ? now() + SEEK_COOLDOWN_MS : null;
    nudging = false;
  };

  const tick = () => {
    const state = getState();
    if (!state || !player.isReady()) return;
    const caps = player.capabilities();
    if (caps.live || !caps.seek) {
      if (state.isPlaying && player.paused()) command(() => void player.play(), "play");
      if (!state.isPlaying && !player.paused()) command(() => player.pause(), "pause");
      return;
    }
    if (player.seeking() || now() < cooldownUntil) return;
    const expected = expectedAt(state);
    const actual = player.currentTime();

    if (measureSeekAfter !== null && state.isPlaying && !player.paused()) {
      // behind after the seek by (expected − actual): aim that much further next time
      seekLeadS = Math.min(MAX_SEEK_LEAD_S, Math.max(0, seekLeadS + 0.7 * (expected - actual)));
      measureSeekAfter = null;
    }

    if (state.isPlaying && player.paused()) {
      if (Math.abs(actual - expected) > 0.05) seekTo(expected + seekLeadS * state.playbackRate, true);
      command(() => player.setRate(state.playbackRate));
      command(() => void player.play(), "play");
      return;
    }
    if (!state.isPlaying && !player.paused()) {
      command(() => player.pause(), "pause");
    }
    const correction = decideCorrection({
      expected,
      actual,
      playing: state.isPlaying,
      baseRate: state.playbackRate,
      nudging,
      fineRate: caps.fineRate,
      seekLeadS,
    });
    if (correction.kind === "seek") {
      if (Math.abs(player.rate() - correction.rate) > 1e-3) command(() => player.setRate(correction.rate));
      seekTo(correction.to, state.isPlaying);
      return;
    }
    nudging = correction.kind === "nudge";
    if (Math.abs(player.rate() - correction.rate) > 1e-3) command(() => player.setRate(correction.rate));
  };

  const onEvent = (event: PlayerEvent) => {
    if (event === "ready") return tick();
    if (own(event) || !onTakeover) return;
    const state = getState();
    if (!state) return;
    const against =
      (event === "pause" && state.isPlaying && !nearEnd(player)) ||
      (event === "play" && !state.isPlaying) ||
      (event === "seeked" && Math.abs(player.currentTime() - expectedAt(state)) > SEEK_ABOVE_S);
    if (against) onTakeover();
  };

  const unsubscribe = player.subscribe(onEvent);
  const timer = setInterval(tick, tickMs);
  tick();

  return {
    stateChanged: () => {
      cooldownUntil = 0;
      tick();
    },
    stop: () => {
      clearInterval(timer);
      unsubscribe();
      if (nudging) {
        const state = getState();
        player.setRate(state?.playbackRate ?? 1);
      }
    },
  };
}

/** A player pausing by itself at the end of the media is not someone taking over. */
function nearEnd(player: PlayerAdapter): boolean {
  const duration = player.duration();
  return duration !== null && player.currentTime() >= duration - 1;
}
