import { describe, expect, it } from "vitest";
import { isUpcoming } from "./dashboard-channel";

const now = Date.parse("2026-11-25T20:00:00Z");

describe("which party rows belong on the dashboard", () => {
  it("scheduled or live parties that have not ended", () => {
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-26T20:00:00Z", scheduled_end: null }, now)).toBe(true);
    expect(isUpcoming({ status: "live", scheduled_start: "2026-11-25T19:00:00Z", scheduled_end: "2026-11-25T21:00:00Z" }, now)).toBe(true);
  });

  it("not ended or cancelled ones, nor ones past their end (four hours without an end)", () => {
    expect(isUpcoming({ status: "cancelled", scheduled_start: "2026-11-26T20:00:00Z", scheduled_end: null }, now)).toBe(false);
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-25T19:00:00Z", scheduled_end: "2026-11-25T19:30:00Z" }, now)).toBe(false);
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-25T16:00:00Z", scheduled_end: null }, now)).toBe(false);
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-25T16:00:01Z", scheduled_end: null }, now)).toBe(true);
  });
});
