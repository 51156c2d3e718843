import { describe, expect, it } from "vitest";
import { parsePartyEvent } from "./live-events";
import { onlineMembers } from "./party-channel";
import type { HabitatMember } from "./types";

const members: HabitatMember[] = [
  { userId: "u-bob", displayName: "Bob", role: "member" },
  { userId: "u-alice", displayName: "Alice", role: "owner" },
  { userId: "u-carol", displayName: "Carol", role: "member" },
];

describe("who is online, from presence keys", () => {
  it("members present, once each (several tabs count once), by name, named from the members list", () => {
    expect(onlineMembers(["u-bob", "u-alice", "u-bob"], members)).toEqual([
      { userId: "u-alice", displayName: "Alice" },
      { userId: "u-bob", displayName: "Bob" },
    ]);
  });

  it("a key that is not a member of the habitat is never shown, whatever it claims", () => {
    expect(onlineMembers(["intruder", "u-carol", "Alice"], members)).toEqual([{ userId: "u-carol", displayName: "Carol" }]);
    expect(onlineMembers([], members)).toEqual([]);
  });
});

describe("broadcasts of a party's room, parsed at the edge", () => {
  const participant = {
    participantId: "p1",
    userId: "u-bob",
    displayName: "Bob",
    avatarUrl: null,
    isHost: true,
    joinedAt: "2026-12-01T10:00:00+00:00",
  };

  it("a join carries the participant as the list shows it", () => {
    expect(parsePartyEvent("participant_joined", { participant, id: "m1" })).toEqual({ type: "participant_joined", participant });
    expect(parsePartyEvent("participant_joined", { participant: { ...participant, displayName: null } })).toMatchObject({
      participant: { displayName: "Member" },
    });
  });

  it("leaves, host changes and party rows", () => {
    expect(parsePartyEvent("participant_left", { participantId: "p1", userId: "u-bob" })).toEqual({
      type: "participant_left",
      participantId: "p1",
      userId: "u-bob",
    });
    expect(parsePartyEvent("participant_changed", { participantId: "p1", userId: "u-bob", isHost: false })).toMatchObject({
      isHost: false,
    });
    const row = {
      id: "party",
      habitat_id: "h",
      title: "T",
      description: null,
      scheduled_start: "2026-12-01T10:00:00+00:00",
      scheduled_end: null,
      status: "cancelled",
      participant_count: 2,
      media_url: null,
      created_by: "u-alice",
    };
    expect(parsePartyEvent("party_changed", { operation: "UPDATE", record: row, old_record: row, table: "habitat_watch_parties" })).toEqual(
      {
        type: "party_changed",
        change: { operation: "UPDATE", record: row },
      },
    );
    expect(parsePartyEvent("party_changed", { operation: "DELETE", record: null, old_record: row })).toMatchObject({
      change: { operation: "DELETE" },
    });
  });

  it("anything else is ignored", () => {
    expect(parsePartyEvent("participant_joined", { participant: { userId: 42 } })).toBeNull();
    expect(parsePartyEvent("participant_left", "nope")).toBeNull();
    expect(parsePartyEvent("party_changed", { operation: "TRUNCATE", record: null, old_record: null })).toBeNull();
    expect(parsePartyEvent("party_changed", { operation: "DELETE", record: null, old_record: null })).toBeNull();
    expect(parsePartyEvent("something_else", {})).toBeNull();
  });
});
