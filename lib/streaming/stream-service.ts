// The rules behind every participant action, on top of StreamingRepository: joining twice is
// success, leaving when gone is success, a reminder needs a participation, the host cannot
// remove themselves, and failures become readable messages (errors.ts).
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { describeError, StreamingError, type Operation } from "./errors";
import { detectMediaProvider } from "./media";
import type { NewParty, StreamingRepository } from "./streaming-repository";

export interface JoinResult {
  alreadyJoined: boolean;
}
export interface LeaveResult {
  wasParticipant: boolean;
}
export interface ReminderResult {
  enabled: boolean;
}
export interface RemoveResult {
  removed: boolean;
}
export interface NewPartyValues {
  title: string;
  description: string | null;
  mediaUrl: string | null;
  startsAt: string;
  endsAt: string | null;
}

/** A party's fields as the form gives them → its columns (the provider follows from the URL). */
function partyColumns(values: NewPartyValues): NewParty {
  return {
    title: values.title,
    description: values.description,
    scheduled_start: values.startsAt,
    scheduled_end: values.endsAt,
    media_url: values.mediaUrl,
    media_provider: values.mediaUrl ? detectMediaProvider(values.mediaUrl) : null,
  };
}

/** Said when RLS let no row through: the party is gone, or the caller may not change it. */
const CANNOT_CHANGE_PARTY = "Only the party's creator, its host and the habitat's owners and moderators can change it";

export class StreamService {
  constructor(
    private readonly repository: StreamingRepository,
    private readonly userId: string,
  ) {}

  private async attempt<T>(operation: Operation, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    try {
      return await run();
    } catch (error) {
      return fail(describeError(operation, error));
    }
  }

  /** Joins the party. A second join (double click, another tab) is the same success. */
  join(partyId: string): Promise<ActionResult<JoinResult>> {
    return this.attempt<JoinResult>("join", async () => {
      try {
        await this.repository.insertParticipant(partyId, this.userId);
        return ok({ alreadyJoined: false });
      } catch (error) {
        if (error instanceof StreamingError && error.code === "23505") return ok({ alreadyJoined: true });
        throw error;
      }
    });
  }

  /** Leaves the party; not being in it is the same success. */
  leave(partyId: string): Promise<ActionResult<LeaveResult>> {
    return this.attempt<LeaveResult>("leave", async () => {
      const deleted = await this.repository.deleteParticipant(partyId, this.userId);
      return ok({ wasParticipant: deleted > 0 });
    });
  }

  setReminder(partyId: string, enabled: boolean): Promise<ActionResult<ReminderResult>> {
    return this.attempt<ReminderResult>("reminder", async () => {
      const updated = await this.repository.updateReminder(partyId, this.userId, enabled);
      if (updated === 0) return fail("Join the party to get a reminder");
      return ok({ enabled });
    });
  }

  makeHost(partyId: string, newHostUserId: string): Promise<ActionResult<null>> {
    return this.attempt("makeHost", async () => {
      await this.repository.transferHost(partyId, newHostUserId);
      return ok(null);
    });
  }

  /**
   * The host removes another participant. RLS lets only the host's delete through; when nothing
   * was deleted and the person is still there, the caller is not (or no longer) the host.
   */
  removeParticipant(partyId: string, userId: string): Promise<ActionResult<RemoveResult>> {
    return this.attempt<RemoveResult>("remove", async () => {
      if (userId === this.userId) return fail("Use Leave party to leave");
      const deleted = await this.repository.deleteParticipant(partyId, userId);
      if (deleted > 0) return ok({ removed: true });
      const stillThere = (await this.repository.listParticipants(partyId)).some((p) => p.userId === userId);
      return stillThere ? fail("Only the host can remove participants") : ok({ removed: false });
    });
  }

  createParty(habitatId: string, values: NewPartyValues): Promise<ActionResult<{ partyId: string }>> {
    return this.attempt("createParty", async () => {
      const partyId = await this.repository.insertParty(habitatId, this.userId, partyColumns(values));
      return ok({ partyId });
    });
  }

  /** Edits or reschedules a party (its creator while a member, its host, the habitat's owners and moderators). */
  updateParty(partyId: string, values: NewPartyValues): Promise<ActionResult<null>> {
    return this.attempt("editParty", async () => {
      const changed = await this.repository.updateParty(partyId, partyColumns(values));
      return changed > 0 ? ok(null) : fail(CANNOT_CHANGE_PARTY);
    });
  }

  /** Cancels a party: it stays, shown as cancelled, and nobody joins it any more. */
  cancelParty(partyId: string): Promise<ActionResult<null>> {
    return this.attempt("cancelParty", async () => {
      const changed = await this.repository.updateParty(partyId, { status: "cancelled" });
      return changed > 0 ? ok(null) : fail(CANNOT_CHANGE_PARTY);
    });
  }

  /** Deletes a party nobody joined; once someone did, it can only be cancelled. */
  deleteParty(partyId: string): Promise<ActionResult<null>> {
    return this.attempt("deleteParty", async () => {
      if ((await this.repository.deleteParty(partyId)) > 0) return ok(null);
      const party = await this.repository.getParty(partyId);
      if (party && party.participantCount > 0) return fail("Someone already joined this party: cancel it instead");
      return fail("Deleting this party is for its creator and the habitat's owners and moderators");
    });
  }
}
