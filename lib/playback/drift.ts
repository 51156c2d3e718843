// What a follower's player should do about the distance between where it is and where the host's
// timeline says it should be: nothing, nudge its rate (small drift: inaudible, no jump), or seek
// (large drift, or a player whose rate cannot be set finely). Pure, so it is tested on its own.

/** Above this a playing player seeks (seconds). */
export const SEEK_ABOVE_S = 0.4;
/** Players without a fine rate (YouTube's steps) only seek, above this (seconds). */
export const COARSE_SEEK_ABOVE_S = 0.5;
/** A paused player further than this from the host's position seeks to it (seconds). */
export const PAUSED_SEEK_ABOVE_S = 0.05;
/** Nudging starts above this drift, and stops below SETTLE_BELOW_S (hysteresis, seconds). */
export const NUDGE_ABOVE_S = 0.04;
export const SETTLE_BELOW_S = 0.015;
/** A nudge changes the rate by at most this fraction. */
export const MAX_NUDGE = 0.1;
/** A nudge aims to close the drift within this many seconds. */
export const NUDGE_HORIZON_S = 1;

export interface DriftInput {
  /** where the host's timeline is now (seconds) */
  expected: number;
  /** where this player is (seconds) */
  actual: number;
  playing: boolean;
  /** the host's rate */
  baseRate: number;
  /** whether this player is being nudged right now (hysteresis) */
  nudging: boolean;
  fineRate: boolean;
  /** seconds the player is observed to fall behind after a seek (it resumes late): added to seek targets */
  seekLeadS?: number;
}

export type Correction = { kind: "hold"; rate: number } | { kind: "nudge"; rate: number } | { kind: "seek"; to: number; rate: number };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function decideCorrection({ expected, actual, playing, baseRate, nudging, fineRate, seekLeadS = 0 }: DriftInput): Correction {
  const drift = actual - expected;
  const distance = Math.abs(drift);
  if (!playing) {
    return distance > PAUSED_SEEK_ABOVE_S ? { kind: "seek", to: Math.max(0, expected), rate: baseRate } : { kind: "hold", rate: baseRate };
  }
  const seekAbove = fineRate ? SEEK_ABOVE_S : COARSE_SEEK_ABOVE_S;
  if (distance > seekAbove) return { kind: "seek", to: Math.max(0, expected + seekLeadS * baseRate), rate: baseRate };
  if (!fineRate) return { kind: "hold", rate: baseRate };
  if (distance < SETTLE_BELOW_S || (!nudging && distance < NUDGE_ABOVE_S)) return { kind: "hold", rate: baseRate };
  const factor = 1 - clamp(drift / NUDGE_HORIZON_S, -MAX_NUDGE, MAX_NUDGE);
  return { kind: "nudge", rate: baseRate * factor };
}
