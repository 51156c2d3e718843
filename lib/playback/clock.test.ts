import { afterEach, describe, expect, it, vi } from "vitest";
import { createServerClock, estimateClockOffset } from "./clock";

describe("the server's clock, estimated NTP-style", () => {
  it("one sample: the server read its clock in the middle of the round trip", () => {
    // sent at 1000, answered 10 ms later; the server said 5000 → offset 5000 − 1005
    expect(estimateClockOffset([{ sentAt: 1000, serverTime: 5000, receivedAt: 1010 }])).toEqual({ offsetMs: 3995, rttMs: 10 });
  });

  it("of several samples, the one with the smallest round trip wins (the others were delayed one way)", () => {
    const trueOffset = 250;
    const samples = [
      // 80 ms spent on the way out, 2 on the way back: the midpoint guess is 39 ms off
      { sentAt: 0, serverTime: 0 + 80 + trueOffset, receivedAt: 82 },
      { sentAt: 100, serverTime: 100 + 3 + trueOffset, receivedAt: 106 },
      { sentAt: 200, serverTime: 200 + 1 + trueOffset, receivedAt: 240 },
    ];
    const estimate = estimateClockOffset(samples)!;
    expect(estimate.rttMs).toBe(6);
    expect(Math.abs(estimate.offsetMs - trueOffset)).toBeLessThanOrEqual(3);
  });

  it("negative or impossible samples are skipped; none usable gives no estimate", () => {
    expect(estimateClockOffset([])).toBeNull();
    expect(
      estimateClockOffset([
        { sentAt: 10, serverTime: 5, receivedAt: 5 },
        { sentAt: 0, serverTime: Number.NaN, receivedAt: 1 },
      ]),
    ).toBeNull();
  });

  afterEach(() => vi.useRealTimers());

  it("createServerClock measures at once, answers the server's time, and measures again later", async () => {
    let local = 1_000_000;
    const offset = -42_000;
    let calls = 0;
    const readServerTime = async () => {
      calls++;
      local += 2; // each answer takes 2 ms to arrive
      return local + offset - 1;
    };
    vi.useFakeTimers();
    const clock = createServerClock({ readServerTime, samples: 5, refreshMs: 1000, now: () => local });
    expect(clock.estimate()).toBeNull();
    expect(clock.now()).toBe(local);
    // usable after the first answer, before the others
    await Promise.resolve();
    expect(clock.estimate()).toEqual({ offsetMs: offset, rttMs: 2 });
    await clock.resync();
    expect(calls).toBe(5);
    expect(clock.estimate()).toEqual({ offsetMs: offset, rttMs: 2 });
    expect(clock.now()).toBe(local + offset);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(10);
    clock.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(10);
  });

  it("a failing read is skipped, and a much noisier measurement does not replace a good one", async () => {
    let local = 0;
    let slow = false;
    let fail = true;
    const readServerTime = async () => {
      if (fail) {
        fail = false;
        throw new Error("offline");
      }
      local += slow ? 500 : 4;
      return local + 100 - (slow ? 250 : 2);
    };
    const clock = createServerClock({ readServerTime, samples: 3, refreshMs: 60_000, now: () => local });
    await clock.resync();
    expect(clock.estimate()).toEqual({ offsetMs: 100, rttMs: 4 });
    slow = true;
    await clock.resync();
    expect(clock.estimate()).toEqual({ offsetMs: 100, rttMs: 4 });
    clock.stop();
  });
});
