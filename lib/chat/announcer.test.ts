import { afterEach, describe, expect, it, vi } from "vitest";
import { announcementFor, createAnnouncer } from "./announcer";

afterEach(() => vi.useRealTimers());

describe("what a screen reader hears of new messages", () => {
  it("one message: its author and text; a burst: how many and the last", () => {
    expect(announcementFor([{ author: "Bob", body: "hi" }])).toBe("Bob: hi");
    expect(
      announcementFor([
        { author: "Bob", body: "hi" },
        { author: "Carol", body: "hello" },
        { author: "Bob", body: "popcorn?" },
      ]),
    ).toBe("3 new messages, the last from Bob: popcorn?");
    expect(announcementFor([{ author: "Bob", body: "x".repeat(300) }])).toHaveLength("Bob: ".length + 141);
    expect(announcementFor([])).toBeNull();
  });

  it("a burst is announced once, after a pause; the next burst again", () => {
    vi.useFakeTimers();
    const said: string[] = [];
    const announcer = createAnnouncer((text) => said.push(text), 1500);
    announcer.push("Bob", "one");
    announcer.push("Carol", "two");
    vi.advanceTimersByTime(1499);
    expect(said).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(["2 new messages, the last from Carol: two"]);
    announcer.push("Bob", "three");
    vi.advanceTimersByTime(1500);
    expect(said).toHaveLength(2);
    announcer.push("Bob", "never said");
    announcer.stop();
    vi.advanceTimersByTime(5000);
    expect(said).toHaveLength(2);
  });
});
