import { describe, expect, it } from "vitest";
import { browserAddress, forwardedFor } from "./forwarded-for";

const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("the browser's address, forwarded to auth", () => {
  it("is the X-Forwarded-For entry the nearest proxy (or Next.js itself) added: the last one", () => {
    expect(browserAddress(headers("203.0.113.7"))).toBe("203.0.113.7");
    expect(browserAddress(headers("198.51.100.1, 203.0.113.7"))).toBe("203.0.113.7");
    expect(browserAddress(headers("2001:db8::1"))).toBe("2001:db8::1");
  });

  it("is unknown without the header or when its last entry is not an address", () => {
    expect(browserAddress(headers())).toBeNull();
    expect(browserAddress(headers(""))).toBeNull();
    expect(browserAddress(headers("203.0.113.7, not-an-ip"))).toBeNull();
  });

  it("is sent to auth as X-Forwarded-For, and nothing is sent when it is unknown", () => {
    expect(forwardedFor(headers("198.51.100.1, 203.0.113.7"))).toEqual({ "X-Forwarded-For": "203.0.113.7" });
    expect(forwardedFor(headers())).toEqual({});
  });
});
