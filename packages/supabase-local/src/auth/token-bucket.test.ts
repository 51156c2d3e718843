// The token buckets behind the rate limits, on a clock the tests move: tollbooth's semantics.
import { describe, expect, it } from "vitest";
import { keyedTokenBuckets } from "./token-bucket";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const takeTimes = (take: () => boolean, n: number) => Array.from({ length: n }, take);

describe("keyed token buckets", () => {
  it("a new key starts with a full bucket: `burst` requests pass at once, the next is refused", () => {
    const c = clock();
    const buckets = keyedTokenBuckets({ perSecond: 0.5, burst: 30, ttlMs: 3_600_000, now: c.now });
    expect(takeTimes(() => buckets.take("203.0.113.1"), 30).every(Boolean)).toBe(true);
    expect(buckets.take("203.0.113.1")).toBe(false);
  });

  it("tokens come back at the rate: one every 1/rate seconds, never more than the burst", () => {
    const c = clock();
    const buckets = keyedTokenBuckets({ perSecond: 0.5, burst: 3, ttlMs: 3_600_000, now: c.now });
    takeTimes(() => buckets.take("k"), 3);
    c.advance(1_999);
    expect(buckets.take("k")).toBe(false);
    c.advance(1);
    expect(buckets.take("k")).toBe(true);
    expect(buckets.take("k")).toBe(false);
    c.advance(600_000);
    expect(takeTimes(() => buckets.take("k"), 4)).toEqual([true, true, true, false]);
  });

  it("a refused request takes nothing: waiting still refills from where the bucket was", () => {
    const c = clock();
    const buckets = keyedTokenBuckets({ perSecond: 1, burst: 1, ttlMs: 3_600_000, now: c.now });
    expect(buckets.take("k")).toBe(true);
    c.advance(500);
    expect(buckets.take("k")).toBe(false);
    c.advance(500);
    expect(buckets.take("k")).toBe(true);
  });

  it("each key has its own bucket", () => {
    const c = clock();
    const buckets = keyedTokenBuckets({ perSecond: 0, burst: 2, ttlMs: 3_600_000, now: c.now });
    expect(takeTimes(() => buckets.take("a"), 3)).toEqual([true, true, false]);
    expect(takeTimes(() => buckets.take("b"), 3)).toEqual([true, true, false]);
  });

  it("a bucket is forgotten its ttl after it was created, however it was used meanwhile", () => {
    const c = clock();
    const buckets = keyedTokenBuckets({ perSecond: 0, burst: 1, ttlMs: 60_000, now: c.now });
    expect(buckets.take("k")).toBe(true);
    c.advance(59_999);
    expect(buckets.take("k")).toBe(false);
    c.advance(1);
    expect(buckets.take("k")).toBe(true);
  });

  it("a rate of zero lets `burst` requests through per ttl and no more", () => {
    const c = clock();
    const buckets = keyedTokenBuckets({ perSecond: 0, burst: 2, ttlMs: 3_600_000, now: c.now });
    takeTimes(() => buckets.take("k"), 2);
    c.advance(3_599_999);
    expect(buckets.take("k")).toBe(false);
  });

  it("refuses nonsense settings", () => {
    expect(() => keyedTokenBuckets({ perSecond: -1, burst: 30, ttlMs: 1 })).toThrow(/rate/);
    expect(() => keyedTokenBuckets({ perSecond: Number.NaN, burst: 30, ttlMs: 1 })).toThrow(/rate/);
    expect(() => keyedTokenBuckets({ perSecond: 1, burst: 1.5, ttlMs: 1 })).toThrow(/burst/);
  });
});
