// A rate counter as Realtime.GenCounter and Realtime.RateCounter keep one: events are added to a
// running count; every tick the count becomes a new bucket (the newest `maxBuckets` are kept) and
// the average is recomputed as events per second over the kept buckets. A counter with a limit is
// `triggered` at the tick where the average reaches the limit and stays so until a tick finds it
// below again: limits act on the average as of the last tick, never on the event at hand.
//
// Like Realtime's, a counter starts on first use (with an empty first bucket: RateCounter.init
// ticks at once) and stops itself after `idleShutdownMs` whose buckets were all empty, to start
// afresh on the next use.

export interface RateCounterOptions {
  tickMs: number;
  maxBuckets: number;
  /** the average (events per second) at which the counter is triggered */
  limit?: number;
  /** called when the limit is reached (Realtime logs then) */
  onTrigger?: () => void;
  /** default 5 minutes, as Realtime's */
  idleShutdownMs?: number;
}

export interface RateState {
  /** events per second over the kept buckets, as of the last tick */
  avg: number;
  triggered: boolean;
}

const IDLE_SHUTDOWN_MS = 5 * 60_000;

export class RateCounter {
  private count = 0;
  private buckets: number[] = [];
  private avg = 0;
  private triggered = false;
  private ticker: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RateCounterOptions) {}

  /** GenCounter.add */
  add(n = 1): void {
    this.start();
    this.count += n;
  }

  /** RateCounter.get */
  state(): RateState {
    this.start();
    return { avg: this.avg, triggered: this.triggered };
  }

  stop(): void {
    clearInterval(this.ticker);
    clearTimeout(this.idleTimer);
    this.ticker = this.idleTimer = undefined;
    this.count = 0;
    this.buckets = [];
    this.avg = 0;
    this.triggered = false;
  }

  private start(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.tick(), this.options.tickMs).unref();
    this.armIdleShutdown();
    this.tick();
  }

  private tick(): void {
    this.buckets = [this.count, ...this.buckets].slice(0, this.options.maxBuckets);
    this.count = 0;
    const sum = this.buckets.reduce((a, b) => a + b, 0);
    this.avg = sum / this.buckets.length / (this.options.tickMs / 1000);
    const { limit } = this.options;
    if (limit === undefined) return;
    if (this.triggered) {
      if (this.avg < limit) this.triggered = false;
    } else if (this.avg >= limit) {
      this.triggered = true;
      this.options.onTrigger?.();
    }
  }

  private armIdleShutdown(): void {
    this.idleTimer = setTimeout(() => {
      if (this.buckets.every((bucket) => bucket === 0)) this.stop();
      else this.armIdleShutdown();
    }, this.options.idleShutdownMs ?? IDLE_SHUTDOWN_MS).unref();
  }
}
