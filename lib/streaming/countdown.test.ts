import { describe, expect, it } from "vitest";
import { describeCountdown } from "./countdown";

const start = "2026-11-25T20:00:00.000Z";
const at = (iso: string) => Date.parse(iso);

describe("countdown to a party", () => {
  it("hours, minutes and seconds on the last day", () => {
    expect(describeCountdown(start, null, at("2026-11-25T17:58:55.000Z"))).toEqual({ state: "upcoming", label: "Starts in 02:01:05" });
  });

  it("days in front when further away", () => {
    expect(describeCountdown(start, null, at("2026-11-23T19:59:59.000Z"))).toEqual({ state: "upcoming", label: "Starts in 2d 00:00:01" });
  });

  it("rounds a part-second up, so it never shows 00:00:00 before the start", () => {
    expect(describeCountdown(start, null, at("2026-11-25T19:59:59.600Z")).label).toBe("Starts in 00:00:01");
  });

  it("live from the start until the end", () => {
    expect(describeCountdown(start, "2026-11-25T22:00:00.000Z", at(start))).toEqual({ state: "live", label: "Live now" });
    expect(describeCountdown(start, "2026-11-25T22:00:00.000Z", at("2026-11-25T22:00:00.000Z")).state).toBe("ended");
  });

  it("without an end, a party lasts four hours", () => {
    expect(describeCountdown(start, null, at("2026-11-25T23:59:59.000Z")).state).toBe("live");
    expect(describeCountdown(start, null, at("2026-11-26T00:00:00.000Z"))).toEqual({ state: "ended", label: "Ended" });
  });
});
