// The server's clock as seen from this browser, NTP-style: a sample is (sent, server time, received)
// on the local monotonic clock; the server read its clock somewhere in the round trip, most likely
// in its middle, so offset = server − (sent + received) / 2, wrong by at most half the round trip.
// Of several samples the one with the smallest round trip is the most trustworthy.

export interface ClockSample {
  /** local ms when the request left */
  sentAt: number;
  /** the server's clock (epoch ms) as it answered */
  serverTime: number;
  /** local ms when the answer arrived */
  receivedAt: number;
}

export interface ClockEstimate {
  /** server time − local time, ms */
  offsetMs: number;
  /** the round trip of the sample used, ms: the estimate is within half of it */
  rttMs: number;
}

/** The estimate from the sample with the smallest round trip, or null without a usable sample. */
export function estimateClockOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockSample | null = null;
  for (const sample of samples) {
    const rtt = sample.receivedAt - sample.sentAt;
    if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(sample.serverTime)) continue;
    if (!best || rtt < best.receivedAt - best.sentAt) best = sample;
  }
  if (!best) return null;
  return { offsetMs: best.serverTime - (best.sentAt + best.receivedAt) / 2, rttMs: best.receivedAt - best.sentAt };
}

/** Local wall time that never jumps (the page's time origin plus a monotonic clock). */
export const localNow = (): number => performance.timeOrigin + performance.now();

export interface ServerClock {
  /** the server's time now, ms since the epoch (the local clock until the first estimate) */
  now(): number;
  /** the current estimate, null until measured */
  estimate(): ClockEstimate | null;
  /** measures again now (on a return to the tab, after a reconnect) */
  resync(): Promise<void>;
  stop(): void;
}

export interface ServerClockOptions {
  /** one request to the server's clock (server_time()), answering its epoch ms */
  readServerTime: () => Promise<number>;
  samples?: number;
  /** how often to measure again */
  refreshMs?: number;
  now?: () => number;
}

/** Measures the offset (several samples, sequentially), then again every `refreshMs`. */
export function createServerClock({ readServerTime, samples = 7, refreshMs = 60_000, now = localNow }: ServerClockOptions): ServerClock {
  let current: ClockEstimate | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;

  const measure = async () => {
    const taken: ClockSample[] = [];
    const before = current;
    for (let i = 0; i < samples && !stopped; i++) {
      const sentAt = now();
      try {
        const serverTime = await readServerTime();
        taken.push({ sentAt, serverTime, receivedAt: now() });
      } catch {
        // a failed sample is skipped; the previous estimate stays
      }
      const next = estimateClockOffset(taken);
      // the first measurement counts from its first sample on (the room need not wait for all of
      // them); a later one replaces the estimate unless it is much noisier (a slow network moment)
      if (next && (!before || next.rttMs <= before.rttMs * 2 + 20)) current = next;
    }
  };

  const resync = () => {
    running ??= measure().finally(() => {
      running = null;
    });
    return running;
  };

  void resync();
  const timer = setInterval(() => void resync(), refreshMs);

  return {
    now: () => now() + (current?.offsetMs ?? 0),
    estimate: () => current,
    resync,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
