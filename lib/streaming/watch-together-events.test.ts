import { describe, expect, it } from "vitest";
import { parsePartyEvent } from "./live-events";

describe("the room's playback and chat broadcasts, parsed at the edge", () => {
  const state = {
    partyId: "p",
    positionSeconds: 12.5,
    positionAt: 1_700_000_000_000,
    isPlaying: true,
    playbackRate: 1,
    updatedBy: "u",
    updatedAt: 1_700_000_000_010,
    revision: 4,
  };
  const message = {
    id: "m",
    partyId: "p",
    authorId: "u",
    authorName: "Bob",
    body: "hi",
    createdAt: "2026-12-01T20:00:00Z",
    editedAt: null,
  };

  it("playback_changed carries the state as get_party_playback() returns it", () => {
    expect(parsePartyEvent("playback_changed", state)).toEqual({ type: "playback_changed", state });
    expect(parsePartyEvent("playback_changed", { ...state, positionSeconds: -1 })).toBeNull();
    expect(parsePartyEvent("playback_changed", { ...state, revision: "4" })).toBeNull();
  });

  it("chat messages with their author's name, edits and deletions", () => {
    expect(parsePartyEvent("chat_message", { message })).toEqual({ type: "chat_message", message });
    expect(parsePartyEvent("chat_message_edited", { id: "m", partyId: "p", body: "hey", editedAt: "2026-12-01T20:01:00Z" })).toMatchObject({
      type: "chat_message_edited",
      edit: { id: "m", body: "hey" },
    });
    expect(parsePartyEvent("chat_message_deleted", { id: "m", partyId: "p" })).toEqual({ type: "chat_message_deleted", messageId: "m" });
  });

  it("a payload of another shape is ignored", () => {
    expect(parsePartyEvent("chat_message", { message: { ...message, body: 7 } })).toBeNull();
    expect(parsePartyEvent("chat_message_deleted", "m")).toBeNull();
  });
});
