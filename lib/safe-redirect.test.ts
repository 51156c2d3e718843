import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-redirect";

describe("the path to return to after signing in", () => {
  it("a same-origin path with a query and hash is kept", () => {
    expect(safeNextPath("/parties/f11a0000-0000-4000-8000-000000000001?x=1#top")).toBe(
      "/parties/f11a0000-0000-4000-8000-000000000001?x=1#top",
    );
  });

  it.each([
    ["an absolute URL", "https://evil.com/steal"],
    ["a protocol-relative URL", "//evil.com"],
    ["a backslash trick", "/\\evil.com"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path without a slash", "parties/1"],
    ["a tab hidden in the host", "/\t/evil.com"],
    ["an empty value", ""],
    ["no value", undefined],
    ["the login page itself", "/login?next=/"],
  ])("%s falls back to the dashboard", (_name, value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it.each([
    ["a dot segment before a second slash", "/.//evil.host/x"],
    ["a parent segment before a second slash", "/..//evil.host/x"],
    ["an encoded dot segment before a second slash", "/%2e//evil.host/x"],
    ["an encoded upper-case dot segment", "/%2E//evil.host/x"],
    ["an encoded parent segment", "/%2e%2e//evil.host/x"],
    ["a segment and its parent before a second slash", "/a/..//evil.host/x"],
    ["several climbs before a second slash", "/a/b/../..//evil.host/x"],
    ["a dot segment before a third slash", "/.///evil.host/x"],
  ])("%s, which normalises to another host, falls back to the dashboard", (_name, value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it("dot segments that normalise to a path of this site are kept as that path", () => {
    expect(safeNextPath("/a/../parties/1")).toBe("/parties/1");
    expect(safeNextPath("/./parties/1")).toBe("/parties/1");
  });

  it("dot segments that climb out stay on this site", () => {
    expect(safeNextPath("/../../etc")).toBe("/etc");
  });
});
