// A player for the sync engine's tests: a position that moves with a fake clock while playing,
// commands recorded, events emitted by hand (as a person using the player's controls would).
import { createListeners } from "../players/listeners";
import type { PlayerAdapter, PlayerCapabilities, PlayerEvent } from "../types";

export interface FakePlayer extends PlayerAdapter {
  commands: string[];
  /** the person does something with the player's own controls */
  user(action: "play" | "pause" | { seek: number } | { rate: number }): void;
  emit(event: PlayerEvent): void;
  setCapabilities(capabilities: Partial<PlayerCapabilities>): void;
  /** where the player is, set directly (drift) */
  jumpTo(seconds: number): void;
}

export function createFakePlayer(now: () => number, { position = 0, playing = false, rate = 1 } = {}): FakePlayer {
  const listeners = createListeners();
  let base = position;
  let at = now();
  let isPlaying = playing;
  let currentRate = rate;
  let caps: PlayerCapabilities = { seek: true, fineRate: true, live: false };
  const commands: string[] = [];
  const current = () => (isPlaying ? base + ((now() - at) / 1000) * currentRate : base);
  const rebase = () => {
    base = current();
    at = now();
  };
  const setPlaying = (next: boolean) => {
    rebase();
    isPlaying = next;
  };
  const player: FakePlayer = {
    kind: "video",
    commands,
    capabilities: () => caps,
    isReady: () => true,
    currentTime: current,
    paused: () => !isPlaying,
    rate: () => currentRate,
    seeking: () => false,
    duration: () => 600,
    play: async () => {
      commands.push("play");
      setPlaying(true);
    },
    pause: () => {
      commands.push("pause");
      setPlaying(false);
    },
    seek: (seconds) => {
      commands.push(`seek ${seconds.toFixed(2)}`);
      base = seconds;
      at = now();
    },
    setRate: (value) => {
      commands.push(`rate ${value.toFixed(3)}`);
      rebase();
      currentRate = value;
    },
    subscribe: (listener) => listeners.add(listener),
    destroy: () => listeners.clear(),
    user(action) {
      if (action === "play") {
        setPlaying(true);
        listeners.emit("play");
      } else if (action === "pause") {
        setPlaying(false);
        listeners.emit("pause");
      } else if ("seek" in action) {
        base = action.seek;
        at = now();
        listeners.emit("seeked");
      } else {
        rebase();
        currentRate = action.rate;
        listeners.emit("ratechange");
      }
    },
    emit: (event) => listeners.emit(event),
    setCapabilities: (next) => {
      caps = { ...caps, ...next };
    },
    jumpTo: (seconds) => {
      base = seconds;
      at = now();
    },
  };
  return player;
}
