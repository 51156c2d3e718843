import { describe, expect, it } from "vitest";
import { nameTagsFor } from "./name-tags";

const sam1 = { userId: "1f3a0000-0000-4000-8000-000000000001", displayName: "Sam" };
const sam2 = { userId: "9c0d0000-0000-4000-8000-000000000002", displayName: "Sam" };
const ann = { userId: "aaaa0000-0000-4000-8000-000000000003", displayName: "Ann" };

describe("nameTagsFor", () => {
  it("people with a name of their own get no tag", () => {
    expect(nameTagsFor([sam1, ann])).toEqual(new Map());
  });

  it("two people with the same name each get the start of their user id", () => {
    expect(nameTagsFor([sam1, sam2, ann])).toEqual(
      new Map([
        [sam1.userId, "#1f3a"],
        [sam2.userId, "#9c0d"],
      ]),
    );
  });

  it("names that only look different by case, width or spacing count as the same", () => {
    const tags = nameTagsFor([sam1, { ...sam2, displayName: "ＳＡＭ" }, { ...ann, displayName: " sam " }]);
    expect([...tags.keys()].sort()).toEqual([sam1.userId, sam2.userId, ann.userId].sort());
  });

  it("a tag grows until it tells the namesakes apart", () => {
    const a = { userId: "1f3a7000-0000-4000-8000-000000000001", displayName: "Sam" };
    const b = { userId: "1f3a8000-0000-4000-8000-000000000002", displayName: "Sam" };
    expect(nameTagsFor([a, b])).toEqual(
      new Map([
        [a.userId, "#1f3a7"],
        [b.userId, "#1f3a8"],
      ]),
    );
  });

  it("the same person listed twice is one person", () => {
    expect(nameTagsFor([sam1, sam1])).toEqual(new Map());
  });
});
