// GoTrue's rate limiters are tollbooth limiters (didip/tollbooth v5): one token bucket per key
// (golang.org/x/time/rate), full when created, refilled continuously at `perSecond` up to `burst`,
// each allowed request taking one token; a key's bucket is forgotten `ttlMs` after it was created
// (go-cache's expiry, not renewed by use), so the next request starts a full one.

export interface TokenBucketOptions {
  /** Tokens added per second (GoTrue: the configured rate divided by its interval in seconds). */
  perSecond: number;
  /** How many tokens a bucket holds (GoTrue: 30 for every IP limiter but anonymous sign-ins). */
  burst: number;
  /** How long a key's bucket lives after it was created (GoTrue: an hour). */
  ttlMs: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

export interface KeyedTokenBuckets {
  /** Takes a token from `key`'s bucket: false when it has none left (the request is refused). */
  take(key: string): boolean;
}

interface Bucket {
  tokens: number;
  /** when `tokens` was last brought up to date */
  at: number;
  expiresAt: number;
}

export function keyedTokenBuckets({ perSecond, burst, ttlMs, now = Date.now }: TokenBucketOptions): KeyedTokenBuckets {
  if (!(perSecond >= 0) || !Number.isFinite(perSecond)) throw new Error("a token bucket's rate must be a finite number ≥ 0");
  if (!Number.isInteger(burst) || burst < 0) throw new Error("a token bucket's burst must be a whole number ≥ 0");
  const buckets = new Map<string, Bucket>();
  let nextSweep = now() + ttlMs;

  /** Forgets the buckets whose time is up, at most once per ttl, so the map does not grow forever. */
  const sweep = (t: number) => {
    if (t < nextSweep) return;
    for (const [key, bucket] of buckets) if (bucket.expiresAt <= t) buckets.delete(key);
    nextSweep = t + ttlMs;
  };

  return {
    take(key) {
      const t = now();
      sweep(t);
      let bucket = buckets.get(key);
      if (!bucket || bucket.expiresAt <= t) {
        bucket = { tokens: burst, at: t, expiresAt: t + ttlMs };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
