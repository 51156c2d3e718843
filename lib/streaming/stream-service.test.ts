import { describe, expect, it } from "vitest";
import { GENERIC_FAILURE, SESSION_EXPIRED, StreamingError, describeError } from "./errors";
import { StreamService } from "./stream-service";
import type { NewParty, StreamingRepository } from "./streaming-repository";
import type { Participant } from "./types";

// An in-memory stand-in for the repository: the service's rules are what is under test here;
// the real queries are exercised end to end by the e2e suite against the local stack.
class FakeRepository {
  participants: Participant[] = [];
  failWith: StreamingError | null = null;
  deleteAllowed = true;
  inserted: NewParty | null = null;

  private maybeFail() {
    if (this.failWith) throw this.failWith;
  }
  async insertParticipant(_partyId: string, userId: string) {
    this.maybeFail();
    if (this.participants.some((p) => p.userId === userId))
      throw new StreamingError("23505", "duplicate key value violates unique constraint");
    this.participants.push({
      participantId: userId,
      userId,
      displayName: userId,
      avatarUrl: null,
      isHost: this.participants.length === 0,
      joinedAt: "t",
    });
  }
  async deleteParticipant(_partyId: string, userId: string) {
    this.maybeFail();
    if (!this.deleteAllowed) return 0;
    const before = this.participants.length;
    this.participants = this.participants.filter((p) => p.userId !== userId);
    return before - this.participants.length;
  }
  async updateReminder(_partyId: string, userId: string) {
    this.maybeFail();
    return this.participants.some((p) => p.userId === userId) ? 1 : 0;
  }
  async transferHost() {
    this.maybeFail();
  }
  async listParticipants() {
    return this.participants;
  }
  async insertParty(_habitatId: string, _userId: string, party: NewParty) {
    this.maybeFail();
    this.inserted = party;
    return "new-party";
  }
}

function serviceFor(userId: string, repository = new FakeRepository()) {
  return { repository, service: new StreamService(repository as unknown as StreamingRepository, userId) };
}

describe("joining", () => {
  it("joins", async () => {
    const { service, repository } = serviceFor("alice");
    expect(await service.join("party")).toEqual({ ok: true, data: { alreadyJoined: false } });
    expect(repository.participants.map((p) => p.userId)).toEqual(["alice"]);
  });

  it("joining twice (double click, second tab) is success, not 'already joined'", async () => {
    const { service } = serviceFor("alice");
    await service.join("party");
    expect(await service.join("party")).toEqual({ ok: true, data: { alreadyJoined: true } });
  });

  it.each([
    [
      "42501",
      "only members of this habitat can join its watch parties",
      "You cannot join this party: it does not exist, or you are not a member of its habitat",
    ],
    ["23514", "this watch party has ended", "This party has ended"],
    ["23514", "this watch party has cancelled", "This party was cancelled"],
    ["23503", "watch party x does not exist", "This party no longer exists"],
    ["PGRST303", "JWT expired", SESSION_EXPIRED],
    ["XX000", "internal error with a stack", GENERIC_FAILURE],
  ])("a %s failure reads: %s → %s", async (code, message, expected) => {
    const { service, repository } = serviceFor("alice");
    repository.failWith = new StreamingError(code, message);
    expect(await service.join("party")).toEqual({ ok: false, error: expected });
  });

  it("an unexpected exception never reaches the user as is", async () => {
    const { service, repository } = serviceFor("alice");
    repository.insertParticipant = async () => {
      throw new TypeError("fetch failed at node:internal/deps/undici");
    };
    expect(await service.join("party")).toEqual({ ok: false, error: GENERIC_FAILURE });
  });
});

describe("leaving", () => {
  it("leaves, and leaving when not there is the same success", async () => {
    const { service } = serviceFor("alice");
    await service.join("party");
    expect(await service.leave("party")).toEqual({ ok: true, data: { wasParticipant: true } });
    expect(await service.leave("party")).toEqual({ ok: true, data: { wasParticipant: false } });
  });
});

describe("reminders", () => {
  it("a participant turns the reminder on", async () => {
    const { service } = serviceFor("alice");
    await service.join("party");
    expect(await service.setReminder("party", true)).toEqual({ ok: true, data: { enabled: true } });
  });

  it("someone who has not joined is told to join first", async () => {
    const { service } = serviceFor("alice");
    expect(await service.setReminder("party", true)).toEqual({ ok: false, error: "Join the party to get a reminder" });
  });
});

describe("host controls", () => {
  it("a handover refused by the database names the rule", async () => {
    const { service, repository } = serviceFor("bob");
    repository.failWith = new StreamingError("42501", "only the host can hand over the host role");
    expect(await service.makeHost("party", "carol")).toEqual({ ok: false, error: "Only the host can make someone else host" });
    repository.failWith = new StreamingError("P0002", "the new host must be a participant of this watch party");
    expect(await service.makeHost("party", "carol")).toEqual({ ok: false, error: "They are no longer in this party" });
  });

  it("the host removes someone", async () => {
    const { service, repository } = serviceFor("alice");
    await service.join("party");
    await new StreamService(repository as unknown as StreamingRepository, "bob").join("party");
    expect(await service.removeParticipant("party", "bob")).toEqual({ ok: true, data: { removed: true } });
    expect(repository.participants.map((p) => p.userId)).toEqual(["alice"]);
  });

  it("nothing deleted while the person is still there → only the host can remove", async () => {
    const { service, repository } = serviceFor("bob");
    await new StreamService(repository as unknown as StreamingRepository, "alice").join("party");
    repository.deleteAllowed = false;
    expect(await service.removeParticipant("party", "alice")).toEqual({ ok: false, error: "Only the host can remove participants" });
  });

  it("removing someone who already left is success (a second click)", async () => {
    const { service } = serviceFor("alice");
    expect(await service.removeParticipant("party", "bob")).toEqual({ ok: true, data: { removed: false } });
  });

  it("the host cannot remove themselves", async () => {
    const { service } = serviceFor("alice");
    expect(await service.removeParticipant("party", "alice")).toEqual({ ok: false, error: "Use Leave party to leave" });
  });
});

describe("scheduling a party", () => {
  it("stores the media provider detected from the URL", async () => {
    const { service, repository } = serviceFor("alice");
    const result = await service.createParty("habitat", {
      title: "Bunny",
      description: null,
      mediaUrl: "https://youtu.be/aqz-KE-bpKQ",
      startsAt: "2026-11-25T20:00:00.000Z",
      endsAt: null,
    });
    expect(result).toEqual({ ok: true, data: { partyId: "new-party" } });
    expect(repository.inserted).toMatchObject({
      media_url: "https://youtu.be/aqz-KE-bpKQ",
      media_provider: "youtube",
      scheduled_end: null,
    });
  });

  it.each([
    ["you can schedule at most 20 watch parties an hour", "You have scheduled as many parties as you can in an hour. Try again later."],
    [
      "this habitat already has 50 watch parties scheduled ahead",
      "This habitat has as many upcoming parties as it can hold. Cancel one, or wait until one has started.",
    ],
  ])("a quota (PT429) reads as what to do: %s", (message, expected) => {
    expect(describeError("createParty", new StreamingError("PT429", message))).toBe(expected);
  });

  it("a refusal by RLS says who may schedule", () => {
    expect(describeError("createParty", new StreamingError("42501", "new row violates row-level security policy"))).toBe(
      "Only members of this habitat can schedule a party",
    );
  });
});
