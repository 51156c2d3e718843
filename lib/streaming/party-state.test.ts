import { describe, expect, it } from "vitest";
import {
  canManageParticipant,
  initialsOf,
  listAgreesWithParty,
  participantCountLabel,
  withHostTransferred,
  withParticipantAdded,
  withParticipantJoined,
  withParticipantRemoved,
  withParticipantRow,
  withParticipantsSummary,
  withPartyRow,
} from "./party-state";
import type { Participant, WatchParty } from "./types";

const person = (userId: string, isHost = false): Participant => ({
  participantId: `p-${userId}`,
  userId,
  displayName: userId[0]!.toUpperCase() + userId.slice(1),
  avatarUrl: null,
  isHost,
  joinedAt: "2026-11-24T10:00:00Z",
});

const party: WatchParty = {
  id: "party",
  habitatId: "habitat",
  title: "Movie",
  description: null,
  scheduledStart: "2026-11-25T20:00:00Z",
  scheduledEnd: null,
  status: "scheduled",
  participantCount: 0,
  mediaUrl: null,
  createdBy: null,
  isUserParticipant: false,
  isUserHost: false,
  userReminderEnabled: false,
};

const viewer = { id: "alice", displayName: "Alice", avatarUrl: null };
const hosts = (list: Participant[]) => list.filter((p) => p.isHost).map((p) => p.userId);

describe("labels", () => {
  it("counts participants in singular and plural", () => {
    expect([0, 1, 2, 11].map(participantCountLabel)).toEqual(["0 participants", "1 participant", "2 participants", "11 participants"]);
  });

  it("initials: first and last word, or the first letter of one word", () => {
    expect(initialsOf("Alice Liddell")).toBe("AL");
    expect(initialsOf("bob")).toBe("B");
    expect(initialsOf("  Mary Ann  Evans ")).toBe("ME");
    expect(initialsOf("Émile zola")).toBe("ÉZ");
    expect(initialsOf("   ")).toBe("?");
  });
});

describe("who may manage whom", () => {
  it("the host manages others, never themselves; others manage nobody", () => {
    expect(canManageParticipant("alice", true, person("bob"))).toBe(true);
    expect(canManageParticipant("alice", true, person("alice", true))).toBe(false);
    expect(canManageParticipant("bob", false, person("carol"))).toBe(false);
  });
});

describe("optimistic changes to the participant list", () => {
  it("the first joiner of an empty party hosts", () => {
    const list = withParticipantAdded([], viewer, "2026-11-24T10:00:00Z");
    expect(list.map((p) => [p.userId, p.isHost])).toEqual([["alice", true]]);
  });

  it("a later joiner is appended and does not host", () => {
    const list = withParticipantAdded([person("bob", true)], viewer, "2026-11-24T10:05:00Z");
    expect(list.map((p) => p.userId)).toEqual(["bob", "alice"]);
    expect(hosts(list)).toEqual(["bob"]);
  });

  it("joining twice changes nothing", () => {
    const once = withParticipantAdded([], viewer, "t");
    expect(withParticipantAdded(once, viewer, "t")).toBe(once);
  });

  it("host leaves → the earliest remaining joiner hosts", () => {
    const list = withParticipantRemoved([person("alice", true), person("bob"), person("carol")], "alice");
    expect(list.map((p) => p.userId)).toEqual(["bob", "carol"]);
    expect(hosts(list)).toEqual(["bob"]);
  });

  it("a non-host leaves → the host stays", () => {
    expect(hosts(withParticipantRemoved([person("alice", true), person("bob"), person("carol")], "bob"))).toEqual(["alice"]);
  });

  it("the last one leaves → nobody hosts; leaving when gone changes nothing", () => {
    expect(withParticipantRemoved([person("alice", true)], "alice")).toEqual([]);
    const list = [person("alice", true)];
    expect(withParticipantRemoved(list, "zed")).toBe(list);
  });

  it("a handover moves the badge; to a non-participant it changes nothing", () => {
    expect(hosts(withHostTransferred([person("alice", true), person("bob")], "bob"))).toEqual(["bob"]);
    const list = [person("alice", true)];
    expect(withHostTransferred(list, "zed")).toBe(list);
  });
});

describe("the party's summary follows its list", () => {
  it("count, host and the viewer's own state", () => {
    const summary = withParticipantsSummary({ ...party, userReminderEnabled: true }, [person("bob", true), person("alice")], "alice");
    expect(summary).toMatchObject({
      participantCount: 2,
      isUserParticipant: true,
      isUserHost: false,
      userReminderEnabled: true,
    });
    expect(withParticipantsSummary(party, [person("bob", true), person("alice")], "bob")).toMatchObject({ isUserHost: true });
  });

  it("someone not in the list has no reminder", () => {
    const summary = withParticipantsSummary({ ...party, userReminderEnabled: true }, [], "alice");
    expect(summary).toMatchObject({ participantCount: 0, isUserParticipant: false, isUserHost: false, userReminderEnabled: false });
  });
});

describe("the room's list against the party's row (after events realtime could not deliver)", () => {
  const row = (patch: Partial<WatchParty>): WatchParty => ({ ...party, ...patch });

  it("agrees when the count, and the viewer's place and host flag, are the row's", () => {
    expect(
      listAgreesWithParty(row({ participantCount: 2, isUserParticipant: true }), [person("bob", true), person("alice")], "alice"),
    ).toBe(true);
    expect(listAgreesWithParty(row({ participantCount: 0 }), [], "alice")).toBe(true);
  });

  it("a lost join or leave changes the count", () => {
    expect(listAgreesWithParty(row({ participantCount: 1 }), [person("bob", true), person("carol")], "alice")).toBe(false);
  });

  it("a lost leave of the viewer's and a lost join of someone else's cancel out in the count, not in the viewer's place", () => {
    // the database: Alice left, Carol joined; the list missed both
    expect(
      listAgreesWithParty(row({ participantCount: 2, isUserParticipant: false }), [person("bob", true), person("alice")], "alice"),
    ).toBe(false);
    // the database: Alice hosts now; the list missed the handover
    expect(
      listAgreesWithParty(
        row({ participantCount: 2, isUserParticipant: true, isUserHost: true }),
        [person("bob", true), person("alice")],
        "alice",
      ),
    ).toBe(false);
  });
});

describe("realtime patches", () => {
  it("a party row update brings the count, title and status", () => {
    const patched = withPartyRow(party, { participant_count: 3, title: "New title", status: "live" });
    expect(patched).toMatchObject({ participantCount: 3, title: "New title", status: "live", scheduledStart: party.scheduledStart });
  });

  it("a participant row that becomes host takes the role from everyone else", () => {
    const list = [person("alice", true), person("bob")];
    expect(hosts(withParticipantRow(list, { id: "p-bob", user_id: "bob", is_host: true }))).toEqual(["bob"]);
  });

  it("a participant row that stops hosting loses the badge", () => {
    expect(hosts(withParticipantRow([person("alice", true)], { id: "p-alice", user_id: "alice", is_host: false }))).toEqual([]);
  });

  it("a row of someone not in the list changes nothing", () => {
    const list = [person("alice", true)];
    expect(withParticipantRow(list, { id: "p-zed", user_id: "zed", is_host: true })).toBe(list);
  });
});

describe("a join the database announces", () => {
  it("replaces the viewer's optimistic entry and keeps join order", () => {
    const optimistic = withParticipantAdded([person("bob", true)], viewer, "2026-11-24T10:05:00Z");
    const announced = { ...person("alice"), participantId: "real-alice", joinedAt: "2026-11-24T10:04:59.5+00:00" };
    expect(withParticipantJoined(optimistic, announced).map((p) => [p.participantId, p.isHost])).toEqual([
      ["p-bob", true],
      ["real-alice", false],
    ]);
  });

  it("someone who joined earlier than the last entry lands before it; joining twice adds one entry", () => {
    const early = { ...person("carol"), joinedAt: "2026-11-24T09:00:00Z" };
    const list = withParticipantJoined(withParticipantJoined([person("bob", true)], early), early);
    expect(list.map((p) => p.userId)).toEqual(["carol", "bob"]);
  });
});
