import { describe, expect, it } from "vitest";
import { decodesCleanly } from "./request-path";

describe("paths whose percent-encoding does not decode", () => {
  it.each(["/parties/%E0%A4%A", "/habitats/%E0%A4%A", "/parties/%C0", "/%", "/parties/%zz"])("%s is refused", (path) => {
    expect(decodesCleanly(path)).toBe(false);
  });

  it.each(["/", "/parties/3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b", "/parties/%E0%A4%A4", "/login", "/a%20b"])("%s is fine", (path) => {
    expect(decodesCleanly(path)).toBe(true);
  });
});
