import { describe, expect, it } from "vitest";
import { StreamingError } from "./errors";
import { StreamService } from "./stream-service";
import type { PartyChanges, StreamingRepository } from "./streaming-repository";

// The service's rules for editing, cancelling and deleting a party, over an in-memory repository
// where RLS's answer is a row count (0: not allowed, or gone) and the database's refusals are errors.
class FakeRepository {
  changes: PartyChanges[] = [];
  allowed = true;
  participantCount = 0;
  failWith: StreamingError | null = null;

  async updateParty(_partyId: string, changes: PartyChanges) {
    if (this.failWith) throw this.failWith;
    if (!this.allowed) return 0;
    this.changes.push(changes);
    return 1;
  }
  async deleteParty() {
    return this.allowed && this.participantCount === 0 ? 1 : 0;
  }
  async getParty() {
    return { participantCount: this.participantCount };
  }
}

function serviceWith(setup: Partial<FakeRepository> = {}) {
  const repository = Object.assign(new FakeRepository(), setup);
  return { repository, service: new StreamService(repository as unknown as StreamingRepository, "alice") };
}

const values = {
  title: "Premiere",
  description: null,
  mediaUrl: "https://vimeo.com/1084537",
  startsAt: "2030-01-01T20:00:00Z",
  endsAt: null,
};

describe("editing a party", () => {
  it("sends its fields as columns, the provider found from the media URL", async () => {
    const { service, repository } = serviceWith();
    expect(await service.updateParty("p", values)).toEqual({ ok: true, data: null });
    expect(repository.changes).toEqual([
      {
        title: "Premiere",
        description: null,
        scheduled_start: "2030-01-01T20:00:00Z",
        scheduled_end: null,
        media_url: "https://vimeo.com/1084537",
        media_provider: "vimeo",
      },
    ]);
  });

  it("no row let through: the caller may not change it", async () => {
    const { service } = serviceWith({ allowed: false });
    expect(await service.updateParty("p", values)).toEqual({
      ok: false,
      error: "Only the party's creator, its host and the habitat's owners and moderators can change it",
    });
  });

  it("the database's refusals in words: cancelled, rescheduled into the past, times the wrong way round", async () => {
    const cases: Array<[string, string]> = [
      ["this watch party was cancelled", "This party was cancelled"],
      ["a watch party cannot be rescheduled into the past", "The start time must be in the future"],
      ['new row for relation "habitat_watch_parties" violates check constraint', "Check the times: the party must end after it starts"],
    ];
    for (const [message, expected] of cases) {
      const { service } = serviceWith({ failWith: new StreamingError("23514", message) });
      expect(await service.updateParty("p", values), message).toEqual({ ok: false, error: expected });
    }
  });
});

describe("cancelling and deleting", () => {
  it("cancelling sets the status alone", async () => {
    const { service, repository } = serviceWith();
    expect(await service.cancelParty("p")).toEqual({ ok: true, data: null });
    expect(repository.changes).toEqual([{ status: "cancelled" }]);
  });

  it("a party nobody joined is deleted; one someone joined is to be cancelled instead", async () => {
    expect(await serviceWith().service.deleteParty("p")).toEqual({ ok: true, data: null });
    expect(await serviceWith({ participantCount: 2 }).service.deleteParty("p")).toEqual({
      ok: false,
      error: "Someone already joined this party: cancel it instead",
    });
    expect(await serviceWith({ allowed: false }).service.deleteParty("p")).toEqual({
      ok: false,
      error: "Deleting this party is for its creator and the habitat's owners and moderators",
    });
  });
});
