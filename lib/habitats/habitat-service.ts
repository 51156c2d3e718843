// The rules behind every habitat action, on top of HabitatRepository: what a refusal means when
// RLS simply let no row through, double clicks that are the same success, and readable failures
// (errors.ts) instead of exceptions.
import { fail, ok, type ActionResult } from "@/lib/action-result";
import type { HabitatRole } from "@/lib/streaming/types";
import { describeHabitatError, type HabitatOperation } from "./errors";
import type { HabitatRepository, HabitatValues } from "./habitat-repository";
import type { NewInviteLink } from "./types";

const DAY_MS = 86_400_000;

export class HabitatService {
  constructor(
    private readonly repository: HabitatRepository,
    private readonly userId: string,
  ) {}

  private async attempt<T>(operation: HabitatOperation, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    try {
      return await run();
    } catch (error) {
      return fail(describeHabitatError(operation, error));
    }
  }

  /** Founds a habitat; the caller owns it. */
  createHabitat(values: HabitatValues): Promise<ActionResult<{ habitatId: string }>> {
    return this.attempt("createHabitat", async () => ok({ habitatId: await this.repository.createHabitat(this.userId, values) }));
  }

  updateHabitat(habitatId: string, values: HabitatValues): Promise<ActionResult<null>> {
    return this.attempt("updateHabitat", async () =>
      (await this.repository.updateHabitat(habitatId, values)) > 0 ? ok(null) : fail("Only the habitat's owner can change its settings"),
    );
  }

  /** Deletes the habitat, its parties and its invitations (owners only). */
  deleteHabitat(habitatId: string): Promise<ActionResult<null>> {
    return this.attempt("deleteHabitat", async () =>
      (await this.repository.deleteHabitat(habitatId)) > 0 ? ok(null) : fail("Deleting this habitat is for its owner only"),
    );
  }

  inviteByEmail(habitatId: string, email: string): Promise<ActionResult<{ invitationId: string }>> {
    return this.attempt("invite", async () => ok({ invitationId: await this.repository.inviteByEmail(habitatId, email) }));
  }

  /** Makes an invite link open for `expiresInDays` (null: no expiry) and `maxUses` people (null: any number). */
  createInviteLink(
    habitatId: string,
    expiresInDays: number | null,
    maxUses: number | null,
    nowMs = Date.now(),
  ): Promise<ActionResult<NewInviteLink>> {
    const expiresAt = expiresInDays === null ? null : new Date(nowMs + expiresInDays * DAY_MS).toISOString();
    return this.attempt("createLink", async () => ok(await this.repository.createInviteLink(habitatId, expiresAt, maxUses)));
  }

  revokeInvitation(invitationId: string): Promise<ActionResult<null>> {
    return this.attempt("revoke", async () => {
      await this.repository.revokeInvitation(invitationId);
      return ok(null);
    });
  }

  acceptInviteLink(token: string): Promise<ActionResult<{ habitatId: string }>> {
    return this.attempt("acceptLink", async () => ok({ habitatId: await this.repository.acceptInviteLink(token) }));
  }

  acceptInvitation(invitationId: string): Promise<ActionResult<{ habitatId: string }>> {
    return this.attempt("accept", async () => ok({ habitatId: await this.repository.acceptInvitation(invitationId) }));
  }

  declineInvitation(invitationId: string): Promise<ActionResult<null>> {
    return this.attempt("decline", async () => {
      await this.repository.declineInvitation(invitationId);
      return ok(null);
    });
  }

  /** Leaves the habitat (and so its parties). Not being a member is a refusal: there was nothing to leave. */
  leaveHabitat(habitatId: string): Promise<ActionResult<null>> {
    return this.attempt("leave", async () =>
      (await this.repository.deleteMembership(habitatId, this.userId)) > 0 ? ok(null) : fail("You are not a member of this habitat"),
    );
  }

  /** Removes a member below the caller's role. */
  removeMember(habitatId: string, userId: string): Promise<ActionResult<null>> {
    return this.attempt("removeMember", async () => {
      if (userId === this.userId) return fail("Use Leave habitat to leave");
      return (await this.repository.deleteMembership(habitatId, userId)) > 0
        ? ok(null)
        : fail("You can remove only members below your own role");
    });
  }

  /** Gives a member below the caller a role up to the caller's own. */
  changeMemberRole(habitatId: string, userId: string, role: HabitatRole): Promise<ActionResult<null>> {
    return this.attempt("changeRole", async () => {
      if (userId === this.userId) return fail("You cannot change your own role");
      return (await this.repository.updateMemberRole(habitatId, userId, role)) > 0
        ? ok(null)
        : fail("You can change only the roles of members below you");
    });
  }
}
