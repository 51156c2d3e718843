import { describe, expect, it } from "vitest";
import { isUpcoming, withPartyChange } from "./dashboard-channel";
import type { PartyRecord } from "./live-events";
import type { UpcomingParty } from "./types";

const now = Date.parse("2026-11-25T20:00:00Z");

describe("which party rows belong on the dashboard", () => {
  it("scheduled or live parties that have not ended", () => {
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-26T20:00:00Z", scheduled_end: null }, now)).toBe(true);
    expect(isUpcoming({ status: "live", scheduled_start: "2026-11-25T19:00:00Z", scheduled_end: "2026-11-25T21:00:00Z" }, now)).toBe(true);
  });

  it("not ended or cancelled ones, nor ones past their end (four hours without an end)", () => {
    expect(isUpcoming({ status: "cancelled", scheduled_start: "2026-11-26T20:00:00Z", scheduled_end: null }, now)).toBe(false);
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-25T19:00:00Z", scheduled_end: "2026-11-25T19:30:00Z" }, now)).toBe(
      false,
    );
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-25T16:00:00Z", scheduled_end: null }, now)).toBe(false);
    expect(isUpcoming({ status: "scheduled", scheduled_start: "2026-11-25T16:00:01Z", scheduled_end: null }, now)).toBe(true);
  });
});

describe("the upcoming list after a broadcast party change", () => {
  const row = (id: string, start: string, patch: Partial<PartyRecord> = {}): PartyRecord => ({
    id,
    habitat_id: "h",
    title: `Party ${id}`,
    description: null,
    scheduled_start: start,
    scheduled_end: null,
    status: "scheduled",
    participant_count: 0,
    media_url: null,
    ...patch,
  });
  const listOf = (...rows: PartyRecord[]) =>
    rows.reduce<UpcomingParty[]>((list, r) => withPartyChange(list, { operation: "INSERT", record: r }, "Movie Night", now), []);

  it("a new party is added in start order, named after its habitat, nobody in it", () => {
    const list = listOf(row("b", "2026-11-27T20:00:00Z"), row("a", "2026-11-26T20:00:00Z"), row("c", "2026-11-28T20:00:00Z"));
    expect(list.map((p) => p.id)).toEqual(["a", "b", "c"]);
    expect(list[0]).toMatchObject({ habitatName: "Movie Night", participantCount: 0, isUserParticipant: false });
  });

  it("a count change patches in place; a reschedule moves it; a cancellation or deletion removes it", () => {
    const list = listOf(row("a", "2026-11-26T20:00:00Z"), row("b", "2026-11-27T20:00:00Z"));
    const counted = withPartyChange(
      list,
      { operation: "UPDATE", record: row("a", "2026-11-26T20:00:00Z", { participant_count: 3 }) },
      "x",
      now,
    );
    expect(counted.map((p) => [p.id, p.participantCount])).toEqual([
      ["a", 3],
      ["b", 0],
    ]);
    const moved = withPartyChange(
      counted,
      { operation: "UPDATE", record: row("a", "2026-11-29T20:00:00Z", { participant_count: 3 }) },
      "x",
      now,
    );
    expect(moved.map((p) => p.id)).toEqual(["b", "a"]);
    expect(moved[1]).toMatchObject({ participantCount: 3, habitatName: "Movie Night" });
    expect(
      withPartyChange(moved, { operation: "UPDATE", record: row("a", "2026-11-29T20:00:00Z", { status: "cancelled" }) }, "x", now).map(
        (p) => p.id,
      ),
    ).toEqual(["b"]);
    expect(withPartyChange(moved, { operation: "DELETE", record: row("b", "2026-11-27T20:00:00Z") }, "x", now).map((p) => p.id)).toEqual([
      "a",
    ]);
  });

  it("a past party never enters the list", () => {
    expect(withPartyChange([], { operation: "INSERT", record: row("old", "2026-11-20T20:00:00Z") }, "x", now)).toEqual([]);
  });
});
