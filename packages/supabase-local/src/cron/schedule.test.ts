// Schedules as pg_cron reads them (cron.parse_schedule in the bootstrap) and the minutes they fire
// in (firesAt, UTC), by vixie cron's rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../testing/database";
import { firesAt, toSchedule, type Schedule } from "./schedule";

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db?.close());

const parse = async (text: string): Promise<Schedule | null> =>
  toSchedule((await db.pool.query("select cron.parse_schedule($1) as parsed", [text])).rows[0].parsed);

/** The minutes (ISO, UTC) of [from, from + minutes) that `text` fires in. */
async function firings(text: string, from: string, minutes: number): Promise<string[]> {
  const schedule = await parse(text);
  if (schedule?.kind !== "cron") throw new Error(`${text} is not a cron schedule`);
  const start = Date.parse(from);
  const out: string[] = [];
  for (let i = 0; i < minutes; i++) {
    const at = start + i * 60_000;
    if (firesAt(schedule, at)) out.push(new Date(at).toISOString().slice(0, 16));
  }
  return out;
}

describe("parsing", () => {
  it("intervals in seconds, as pg_cron 1.5+ accepts them", async () => {
    expect(await parse("1 seconds")).toEqual({ kind: "interval", seconds: 1 });
    expect(await parse("30 second")).toEqual({ kind: "interval", seconds: 30 });
    expect(await parse(" 59 SECONDS ")).toEqual({ kind: "interval", seconds: 59 });
    expect(await parse("60 seconds")).toBeNull();
    expect(await parse("0 seconds")).toBeNull();
  });

  it("@reboot, and names, ranges, steps and lists", async () => {
    expect(await parse("@reboot")).toEqual({ kind: "reboot" });
    const weekdays = await parse("*/20 9-17/4 * jan,Jul mon-fri");
    expect(weekdays).toMatchObject({ kind: "cron", domStar: true, dowStar: false });
    if (weekdays?.kind !== "cron") throw new Error("cron expected");
    expect([...weekdays.minutes]).toEqual([0, 20, 40]);
    expect([...weekdays.hours]).toEqual([9, 13, 17]);
    expect([...weekdays.months]).toEqual([1, 7]);
    expect([...weekdays.dows]).toEqual([1, 2, 3, 4, 5]);
    const sundays = await parse("0 0 * * 7");
    expect(sundays?.kind === "cron" && [...sundays.dows]).toEqual([0, 7]);
  });
});

describe("firing", () => {
  it("every five minutes", async () => {
    expect(await firings("*/5 * * * *", "2026-03-01T10:00:00Z", 16)).toEqual([
      "2026-03-01T10:00",
      "2026-03-01T10:05",
      "2026-03-01T10:10",
      "2026-03-01T10:15",
    ]);
  });

  it("@daily and @hourly", async () => {
    expect(await firings("@daily", "2026-03-01T23:58:00Z", 4)).toEqual(["2026-03-02T00:00"]);
    expect(await firings("@hourly", "2026-03-01T09:59:00Z", 62)).toEqual(["2026-03-01T10:00", "2026-03-01T11:00"]);
  });

  it("day of month or day of week when both are restricted; both when one is *", async () => {
    // 2026-03-01 is a Sunday; the 13th a Friday
    expect(await firings("0 12 13 * fri", "2026-03-01T00:00:00Z", 31 * 24 * 60)).toEqual([
      "2026-03-06T12:00",
      "2026-03-13T12:00",
      "2026-03-20T12:00",
      "2026-03-27T12:00",
    ]);
    expect(await firings("0 12 * * fri", "2026-03-01T00:00:00Z", 10 * 24 * 60)).toEqual(["2026-03-06T12:00"]);
  });

  it("$: the last day of the month", async () => {
    expect(await firings("30 23 $ * *", "2026-02-27T00:00:00Z", 3 * 24 * 60)).toEqual(["2026-02-28T23:30"]);
  });
});
