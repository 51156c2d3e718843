import { describe, expect, it } from "vitest";
import { decideCorrection, MAX_NUDGE, type DriftInput } from "./drift";

const base: DriftInput = { expected: 100, actual: 100, playing: true, baseRate: 1, nudging: false, fineRate: true };
const decide = (patch: Partial<DriftInput>) => decideCorrection({ ...base, ...patch });

describe("drift correction: hold, nudge the rate, or seek", () => {
  it("on time: hold at the host's rate", () => {
    expect(decide({})).toEqual({ kind: "hold", rate: 1 });
    expect(decide({ baseRate: 1.5, actual: 100.01 })).toEqual({ kind: "hold", rate: 1.5 });
  });

  it("a little behind: play faster, a little ahead: slower, proportionally, within ±10%", () => {
    const behind = decide({ actual: 99.95 });
    expect(behind.kind).toBe("nudge");
    expect(behind.rate).toBeCloseTo(1.05, 5);
    const ahead = decide({ actual: 100.08, baseRate: 2 });
    expect(ahead.rate).toBeCloseTo(2 * 0.92, 5);
    expect(decide({ actual: 99.7 }).rate).toBeCloseTo(1 + MAX_NUDGE, 5);
  });

  it("hysteresis: a nudge starts above 40 ms and goes on until under 15 ms", () => {
    expect(decide({ actual: 99.97 }).kind).toBe("hold");
    expect(decide({ actual: 99.97, nudging: true }).kind).toBe("nudge");
    expect(decide({ actual: 99.99, nudging: true }).kind).toBe("hold");
  });

  it("far off: seek to the host's position, aiming ahead by the player's learned seek lead", () => {
    expect(decide({ actual: 98 })).toEqual({ kind: "seek", to: 100, rate: 1 });
    expect(decide({ actual: 130, seekLeadS: 0.2, baseRate: 1.5 })).toEqual({ kind: "seek", to: 100.3, rate: 1.5 });
  });

  it("players without a fine rate (YouTube) never nudge; they seek past half a second", () => {
    expect(decide({ actual: 99.8, fineRate: false })).toEqual({ kind: "hold", rate: 1 });
    expect(decide({ actual: 99.4, fineRate: false }).kind).toBe("seek");
  });

  it("paused: land exactly on the host's position, never nudge", () => {
    expect(decide({ playing: false, actual: 100.03 })).toEqual({ kind: "hold", rate: 1 });
    expect(decide({ playing: false, actual: 100.2 })).toEqual({ kind: "seek", to: 100, rate: 1 });
    expect(decide({ playing: false, expected: -1, actual: 3 })).toMatchObject({ kind: "seek", to: 0 });
  });
});
