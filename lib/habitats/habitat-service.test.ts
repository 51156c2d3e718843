import { describe, expect, it } from "vitest";
import { GENERIC_FAILURE, SESSION_EXPIRED, StreamingError } from "@/lib/streaming/errors";
import { describeHabitatError } from "./errors";
import type { HabitatRepository } from "./habitat-repository";
import { HabitatService } from "./habitat-service";

// The service's rules over an in-memory repository: RLS answers with a row count, the database's
// functions with errors carrying their codes.
class FakeRepository {
  rows = 1;
  failWith: StreamingError | null = null;
  linkRequests: Array<[string, string | null, number | null]> = [];

  private answer() {
    if (this.failWith) throw this.failWith;
    return this.rows;
  }
  async deleteMembership() {
    return this.answer();
  }
  async updateMemberRole() {
    return this.answer();
  }
  async updateHabitat() {
    return this.answer();
  }
  async deleteHabitat() {
    return this.answer();
  }
  async acceptInviteLink() {
    this.answer();
    return "habitat";
  }
  async createInviteLink(habitatId: string, expiresAt: string | null, maxUses: number | null) {
    this.linkRequests.push([habitatId, expiresAt, maxUses]);
    return { invitationId: "i", token: "t" };
  }
}

function serviceWith(setup: Partial<FakeRepository> = {}) {
  const repository = Object.assign(new FakeRepository(), setup);
  return { repository, service: new HabitatService(repository as unknown as HabitatRepository, "me") };
}

describe("membership", () => {
  it("leaving: done, not a member, or the only owner", async () => {
    expect(await serviceWith().service.leaveHabitat("h")).toEqual({ ok: true, data: null });
    expect(await serviceWith({ rows: 0 }).service.leaveHabitat("h")).toEqual({ ok: false, error: "You are not a member of this habitat" });
    const lastOwner = new StreamingError("PT409", "a habitat needs an owner: make another member owner first");
    expect(await serviceWith({ failWith: lastOwner }).service.leaveHabitat("h")).toEqual({
      ok: false,
      error: "You are the habitat's only owner: make another member owner before you leave",
    });
  });

  it("nobody removes or re-roles themselves; no row let through means they are not below the caller", async () => {
    const { service } = serviceWith();
    expect(await service.removeMember("h", "me")).toEqual({ ok: false, error: "Use Leave habitat to leave" });
    expect(await service.changeMemberRole("h", "me", "owner")).toEqual({ ok: false, error: "You cannot change your own role" });
    expect(await serviceWith({ rows: 0 }).service.removeMember("h", "them")).toEqual({
      ok: false,
      error: "You can remove only members below your own role",
    });
    expect(await serviceWith({ rows: 0 }).service.changeMemberRole("h", "them", "member")).toEqual({
      ok: false,
      error: "You can change only the roles of members below you",
    });
    // a role above the caller's own: the policy's check refuses the new row
    expect(
      await serviceWith({ failWith: new StreamingError("42501", "new row violates row-level security policy") }).service.changeMemberRole(
        "h",
        "them",
        "owner",
      ),
    ).toEqual({
      ok: false,
      error: "You can give a role up to your own, to members below you",
    });
  });
});

describe("invite links", () => {
  it("an expiry in days becomes an instant; no expiry and no limit stay null", async () => {
    const { service, repository } = serviceWith();
    await service.createInviteLink("h", 7, 5, Date.parse("2030-01-01T00:00:00Z"));
    await service.createInviteLink("h", null, null);
    expect(repository.linkRequests).toEqual([
      ["h", "2030-01-08T00:00:00.000Z", 5],
      ["h", null, null],
    ]);
  });

  it("a link that no longer works says why", async () => {
    const cases: Array<[string, string, string]> = [
      ["PT410", "this invitation was revoked", "This invitation was revoked"],
      ["PT410", "this invitation has expired", "This invitation has expired"],
      ["PT410", "this invite link has been used up", "This invite link has been used up"],
      ["PT404", "this invite link is not valid", "This invite link is not valid"],
    ];
    for (const [code, message, expected] of cases) {
      expect(await serviceWith({ failWith: new StreamingError(code, message) }).service.acceptInviteLink("t"), message).toEqual({
        ok: false,
        error: expected,
      });
    }
  });
});

describe("refusals in words", () => {
  it("quotas, bad values, sessions and the unexpected", () => {
    expect(describeHabitatError("createHabitat", new StreamingError("PT429", "you own 10 habitats"))).toBe(
      "You own 10 habitats, the most one person may. Delete one to create another.",
    );
    expect(describeHabitatError("invite", new StreamingError("PT429", "50 open invitations"))).toBe(
      "This habitat has 50 open invitations, the most it may. Revoke some first.",
    );
    expect(describeHabitatError("invite", new StreamingError("22023", "enter a valid email address"))).toBe("Enter a valid email address");
    expect(describeHabitatError("revoke", new StreamingError("PT409", "this invitation was already accepted"))).toBe(
      "This invitation was already accepted",
    );
    expect(describeHabitatError("decline", new StreamingError("PT409", "this invitation was already accepted"))).toBe(
      "You already accepted this invitation",
    );
    expect(describeHabitatError("accept", new StreamingError("PGRST301", "JWT expired"))).toBe(SESSION_EXPIRED);
    expect(describeHabitatError("accept", new Error("boom"))).toBe(GENERIC_FAILURE);
  });
});
