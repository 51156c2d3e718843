// The arithmetic of the limits: the rate counter on a fake clock (Realtime.RateCounter's buckets,
// average, trigger and release, idle shutdown), and payload sizes as Realtime measures them.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { binarySize, externalSize, userBroadcastSize } from "./payload-size";
import { RateCounter } from "./rate-counter";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("RateCounter", () => {
  it("averages events per second over its buckets, the first one empty (RateCounter.init ticks at once)", () => {
    const counter = new RateCounter({ tickMs: 5000, maxBuckets: 12 });
    counter.add(100);
    expect(counter.state()).toEqual({ avg: 0, triggered: false });
    vi.advanceTimersByTime(5000);
    // buckets [100, 0]: 100 events in two buckets of 5 s
    expect(counter.state().avg).toBe(10);
    counter.add(50);
    vi.advanceTimersByTime(5000);
    expect(counter.state().avg).toBe(10); // [50, 100, 0]
    vi.advanceTimersByTime(5000 * 12);
    expect(counter.state().avg).toBe(0); // the 12 newest buckets are empty
    counter.stop();
  });

  it("is triggered at the tick where the average reaches the limit, released at the tick where it is below", () => {
    const onTrigger = vi.fn();
    const counter = new RateCounter({ tickMs: 1000, maxBuckets: 4, limit: 10, onTrigger });
    counter.add(19);
    vi.advanceTimersByTime(1000);
    expect(counter.state()).toEqual({ avg: 9.5, triggered: false });
    counter.add(11);
    expect(counter.state().triggered).toBe(false); // only ticks decide
    vi.advanceTimersByTime(1000);
    expect(counter.state()).toEqual({ avg: 10, triggered: true });
    expect(onTrigger).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000); // [0, 11, 19, 0]
    expect(counter.state()).toEqual({ avg: 7.5, triggered: false });
    counter.stop();
  });

  it("stops after an idle spell of empty buckets and starts afresh on the next use", () => {
    const counter = new RateCounter({ tickMs: 1000, maxBuckets: 3, limit: 1, idleShutdownMs: 2500 });
    counter.add(30);
    vi.advanceTimersByTime(1000);
    expect(counter.state().triggered).toBe(true);
    // at the first check (2.5 s) the burst is still among the buckets: the counter keeps running
    vi.advanceTimersByTime(1500);
    expect(vi.getTimerCount()).toBe(2);
    // at the second (5 s) its three buckets are empty: it stops
    vi.advanceTimersByTime(2500);
    expect(vi.getTimerCount()).toBe(0);
    expect(counter.state()).toEqual({ avg: 0, triggered: false });
    counter.stop();
  });
});

describe("payload sizes as :erlang.external_size/1 gives them", () => {
  it("measures JSON values as Jason decodes them", () => {
    expect(externalSize({})).toBe(6);
    expect(externalSize("abc")).toBe(9);
    expect(externalSize("é")).toBe(8);
    expect(externalSize(1)).toBe(3);
    expect(externalSize(256)).toBe(6);
    expect(externalSize(-1)).toBe(6);
    expect(externalSize(2 ** 31)).toBe(8);
    expect(externalSize(1.5)).toBe(10);
    expect(externalSize(true)).toBe(7);
    expect(externalSize(null)).toBe(6);
    expect(externalSize([])).toBe(2);
    expect(externalSize([1, 2, 3])).toBe(7);
    expect(externalSize(["a", 300])).toBe(1 + 5 + 6 + 5 + 1);
    expect(externalSize({ a: 1 })).toBe(14);
    expect(externalSize({ type: "broadcast", event: "e", payload: { text: "x".repeat(100) } })).toBe(176);
  });

  it("measures bytes, and a binary-frame broadcast as the tuple the channel gets", () => {
    expect(binarySize(10)).toBe(16);
    expect(userBroadcastSize("e", "json", 10, null)).toBe(1 + 2 + 6 + 6 + 15 + 5);
    expect(userBroadcastSize("e", "binary", 10, { id: "x" })).toBe(1 + 2 + 6 + 8 + 15 + 5 + 7 + 6);
  });
});
