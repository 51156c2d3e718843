// A job's schedule as the scheduler uses it. Parsing is the database's (cron.parse_schedule in
// bootstrap.sql, the same rules cron.schedule refuses a schedule by); this module reads its result
// and answers, as pg_cron's ShouldRunTask does, whether a cron schedule fires in a given minute.
// pg_cron's cron.timezone defaults to GMT, and so do we: minutes are read in UTC.

export type Schedule =
  | { kind: "interval"; seconds: number }
  | { kind: "reboot" }
  | {
      kind: "cron";
      minutes: ReadonlySet<number>;
      hours: ReadonlySet<number>;
      doms: ReadonlySet<number>;
      months: ReadonlySet<number>;
      dows: ReadonlySet<number>;
      /** the day-of-month or day-of-week field began with `*`: both days must match, else either */
      domStar: boolean;
      dowStar: boolean;
      /** `$`: the last day of the month */
      domLast: boolean;
    };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function numbers(value: unknown): ReadonlySet<number> | null {
  if (!Array.isArray(value) || !value.every((n) => Number.isInteger(n))) return null;
  return new Set(value as number[]);
}

/** cron.parse_schedule's jsonb as a Schedule; null for an invalid schedule (which never runs). */
export function toSchedule(parsed: unknown): Schedule | null {
  if (!isRecord(parsed)) return null;
  if (typeof parsed.seconds === "number") return { kind: "interval", seconds: parsed.seconds };
  if (parsed.reboot === true) return { kind: "reboot" };
  const [minutes, hours, doms, months, dows] = [parsed.minutes, parsed.hours, parsed.doms, parsed.months, parsed.dows].map(numbers);
  if (!minutes || !hours || !doms || !months || !dows) return null;
  return {
    kind: "cron",
    minutes,
    hours,
    doms,
    months,
    dows,
    domStar: parsed.domStar === true,
    dowStar: parsed.dowStar === true,
    domLast: parsed.domLast === true,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a cron schedule fires in the minute starting at `minuteMs` (UTC). */
export function firesAt(schedule: Extract<Schedule, { kind: "cron" }>, minuteMs: number): boolean {
  const at = new Date(minuteMs);
  const isLastDom = new Date(minuteMs + DAY_MS).getUTCDate() === 1;
  const dom = schedule.doms.has(at.getUTCDate()) || (isLastDom && schedule.domLast);
  const dow = schedule.dows.has(at.getUTCDay());
  const day = schedule.domStar || schedule.dowStar ? dom && dow : dom || dow;
  return (
    schedule.minutes.has(at.getUTCMinutes()) && schedule.hours.has(at.getUTCHours()) && schedule.months.has(at.getUTCMonth() + 1) && day
  );
}
