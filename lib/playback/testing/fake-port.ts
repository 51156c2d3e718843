// The other end of an embedded player's postMessage channel, for the adapters' tests: what the
// adapter posted, and messages "from the player".
import type { FramePort } from "../players/frame-port";

export interface FakePort extends FramePort {
  sent: unknown[];
  fromPlayer(message: unknown): void;
  reload(): void;
}

export function createFakePort(): FakePort {
  const listeners = new Set<(data: unknown) => void>();
  const loads = new Set<() => void>();
  const sent: unknown[] = [];
  return {
    sent,
    post: (message) => sent.push(message),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLoad: (listener) => {
      loads.add(listener);
      return () => loads.delete(listener);
    },
    close: () => listeners.clear(),
    fromPlayer: (message) => listeners.forEach((listener) => listener(message)),
    reload: () => loads.forEach((listener) => listener()),
  };
}
