import { describe, expect, it } from "vitest";
import type { Participant } from "@/lib/streaming/types";
import { activityFor, activityText, withActivity } from "./activity";

const bob: Participant = {
  participantId: "p-bob",
  userId: "u-bob",
  displayName: "Bob",
  avatarUrl: null,
  isHost: false,
  joinedAt: "2026-12-01T20:00:00Z",
};
const AT = "2026-12-01T20:05:00Z";

describe("join, leave and host lines, from the participant events", () => {
  it("a join, a leave (named from the list before it) and a new host", () => {
    const joined = activityFor({ type: "participant_joined", participant: bob }, [], AT)!;
    expect(activityText(joined)).toBe("Bob joined");
    expect(joined.at).toBe(bob.joinedAt);
    expect(activityText(activityFor({ type: "participant_left", participantId: "p-bob", userId: "u-bob" }, [bob], AT)!)).toBe("Bob left");
    expect(
      activityText(activityFor({ type: "participant_changed", participantId: "p-bob", userId: "u-bob", isHost: true }, [bob], AT)!),
    ).toBe("Bob is now the host");
  });

  it("no line for the old host's flag going, a stranger leaving, or a join the list already had", () => {
    expect(activityFor({ type: "participant_changed", participantId: "p-bob", userId: "u-bob", isHost: false }, [bob], AT)).toBeNull();
    expect(activityFor({ type: "participant_left", participantId: "x", userId: "u-x" }, [bob], AT)).toBeNull();
    expect(activityFor({ type: "participant_joined", participant: bob }, [bob], AT)).toBeNull();
  });

  it("each line once, and only the latest 100", () => {
    const line = activityFor({ type: "participant_joined", participant: bob }, [], AT)!;
    expect(withActivity(withActivity(undefined, line), line)).toHaveLength(1);
    let lines = withActivity(undefined, line);
    for (let i = 0; i < 120; i++) lines = withActivity(lines, { ...line, id: `l${i}` });
    expect(lines).toHaveLength(100);
    expect(lines.at(-1)!.id).toBe("l119");
  });
});
