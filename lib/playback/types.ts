// Synchronized playback: what the database keeps (party_playback, as get_party_playback() and the
// playback_changed broadcast carry it) and what a player adapter offers the sync engine.

/** A party's playback: `positionSeconds` at server time `positionAt` (epoch ms), advancing at `playbackRate` while playing. */
export interface PlaybackState {
  partyId: string;
  positionSeconds: number;
  positionAt: number;
  isPlaying: boolean;
  playbackRate: number;
  updatedBy: string | null;
  updatedAt: number;
  revision: number;
}

/** What a player tells the engine happened (a <video>'s events, or a provider's, mapped). */
export type PlayerEvent = "ready" | "play" | "pause" | "seeked" | "ratechange" | "waiting" | "playing" | "ended";

export interface PlayerCapabilities {
  /** the position can be set (not a live stream) */
  seek: boolean;
  /** the rate can be set to any value in a small range (drift is nudged; otherwise only seeks correct it) */
  fineRate: boolean;
  /** a live stream: only play and pause follow the host */
  live: boolean;
}

/**
 * One player, whatever its kind: a <video>, or an embedded provider's player spoken to by postMessage.
 * Reads are synchronous (iframe players report their state; the adapter extrapolates between reports).
 */
export interface PlayerAdapter {
  readonly kind: "video" | "youtube" | "vimeo" | "twitch";
  capabilities(): PlayerCapabilities;
  isReady(): boolean;
  /** seconds, as of now */
  currentTime(): number;
  paused(): boolean;
  rate(): number;
  seeking(): boolean;
  /** seconds, when known */
  duration(): number | null;
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
  setRate(rate: number): void;
  subscribe(listener: (event: PlayerEvent) => void): () => void;
  destroy(): void;
}
