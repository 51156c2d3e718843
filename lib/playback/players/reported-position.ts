// An embedded player reports its position now and then; between reports the position is the last
// one moved on by the time since, at the rate, while playing (as YouTube's own widget API does).

export interface ReportedPosition {
  /** the player said it stood at `seconds` at local time `at` (ms, default now) */
  report(seconds: number, at?: number): void;
  setPlaying(playing: boolean): void;
  setRate(rate: number): void;
  playing(): boolean;
  rate(): number;
  /** seconds, now */
  current(): number;
}

export function createReportedPosition(now: () => number = Date.now): ReportedPosition {
  let seconds = 0;
  let at = now();
  let playing = false;
  let rate = 1;
  const current = () => (playing ? seconds + (Math.max(0, now() - at) / 1000) * rate : seconds);
  const rebase = () => {
    seconds = current();
    at = now();
  };
  return {
    report(value, when = now()) {
      seconds = value;
      at = Math.min(when, now());
    },
    setPlaying(value) {
      if (value === playing) return;
      rebase();
      playing = value;
    },
    setRate(value) {
      rebase();
      rate = value;
    },
    playing: () => playing,
    rate: () => rate,
    current,
  };
}
