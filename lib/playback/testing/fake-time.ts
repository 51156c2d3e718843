// Fake timers with the clock at a fixed instant, for the player tests (positions move with it).
import { afterEach, beforeEach, vi } from "vitest";

export const FAKE_NOW = 1_700_000_000_000;

export function withFakeTime(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(FAKE_NOW);
  });
  afterEach(() => vi.useRealTimers());
}
