import { describe, expect, it } from "vitest";
import { onlineUsersFrom } from "./party-channel";

describe("who is online, from presence state", () => {
  it("one entry per user (several tabs count once), sorted by name", () => {
    expect(
      onlineUsersFrom({
        "u-bob": [{ user_id: "u-bob", display_name: "Bob" }, { user_id: "u-bob", display_name: "Bob" }],
        "u-alice": [{ user_id: "u-alice", display_name: "Alice" }],
      }),
    ).toEqual([
      { userId: "u-alice", displayName: "Alice" },
      { userId: "u-bob", displayName: "Bob" },
    ]);
  });

  it("falls back to the presence key and a neutral name for odd payloads", () => {
    expect(onlineUsersFrom({ "u-x": [{ user_id: 42, display_name: null }] })).toEqual([{ userId: "u-x", displayName: "Member" }]);
    expect(onlineUsersFrom({ "u-y": [] })).toEqual([{ userId: "u-y", displayName: "Member" }]);
  });
});
