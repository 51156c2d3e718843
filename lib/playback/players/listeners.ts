// The listener set every player adapter keeps for the sync engine.
import type { PlayerEvent } from "../types";

export interface Listeners {
  add(listener: (event: PlayerEvent) => void): () => void;
  emit(event: PlayerEvent): void;
  clear(): void;
}

export function createListeners(): Listeners {
  const listeners = new Set<(event: PlayerEvent) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of [...listeners]) listener(event);
    },
    clear: () => listeners.clear(),
  };
}
