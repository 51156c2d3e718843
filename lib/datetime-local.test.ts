import { describe, expect, it } from "vitest";
import { isoToLocalInput, localInputToIso } from "./datetime-local";

describe("datetime-local values", () => {
  it("a local value and its instant convert both ways", () => {
    const local = "2030-03-15T19:45";
    expect(isoToLocalInput(localInputToIso(local))).toBe(local);
    expect(localInputToIso(isoToLocalInput("2030-03-15T18:30:00.000Z"))).toBe("2030-03-15T18:30:00.000Z");
  });

  it("nothing, or something that is no time, becomes empty", () => {
    expect(localInputToIso("")).toBe("");
    expect(localInputToIso("tomorrow")).toBe("");
    expect(isoToLocalInput(null)).toBe("");
    expect(isoToLocalInput("not a date")).toBe("");
  });
});
