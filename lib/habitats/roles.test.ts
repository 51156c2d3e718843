import { describe, expect, it } from "vitest";
import { assignableRoles, canInvite, canManageMember, roleLabel } from "./roles";

describe("roles change only below the one who changes them", () => {
  it("owners and moderators invite; members do not", () => {
    expect([canInvite("owner"), canInvite("moderator"), canInvite("member")]).toEqual([true, true, false]);
  });

  it("an owner manages moderators and members, not other owners; a moderator manages members only", () => {
    expect([canManageMember("owner", "owner"), canManageMember("owner", "moderator"), canManageMember("owner", "member")]).toEqual([
      false,
      true,
      true,
    ]);
    expect([canManageMember("moderator", "moderator"), canManageMember("moderator", "member")]).toEqual([false, true]);
    expect(canManageMember("member", "member")).toBe(false);
  });

  it("a role is given up to one's own", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "moderator", "member"]);
    expect(assignableRoles("moderator")).toEqual(["moderator", "member"]);
    expect(assignableRoles("member")).toEqual(["member"]);
    expect(roleLabel("moderator")).toBe("Moderator");
  });
});
