// A channel's policies, as RealtimeChannel keeps them in socket.assigns.policies: none for a public
// channel (it reads and writes everything); for a private one the reads checked at join (broadcast,
// and presence when enabled; the join needs one of them), the writes checked on the first client
// broadcast or presence track and then cached, and everything checked again when a new token
// arrives (reads lost end the channel, reads gained count at once). What the policies do not allow
// is withheld by the channel's dispatcher (broadcasts, presence) and refused by its handlers.
import type { Claims } from "../../authorization/jwt";
import {
  emptyPolicies,
  type Authorization,
  type AuthorizationContext,
  type Policies,
  type PolicyError,
} from "../../authorization/policies";
import { MESSAGES, reason } from "../../protocol/messages";

export type JoinPolicies = { ok: true; policies: ChannelPolicies } | { ok: false; response: { reason: string } };

/** The join's error reply for a check that gave no answer (RealtimeChannel.join's else branch). */
function joinFailure(error: PolicyError, topic: string): { reason: string } {
  switch (error.kind) {
    case "rls_policy_error":
      return reason("Unauthorized", MESSAGES.noReadPermission(topic));
    case "query_canceled":
      return reason("QueryCanceled", error.message);
    case "missing_partition":
      return MESSAGES.missingPartition;
    case "database_unavailable":
      return reason("UnableToConnectToProject", MESSAGES.databaseUnavailable);
    case "unknown":
      return { reason: MESSAGES.databaseUnavailable };
  }
}

/** The system message that ends a channel whose new token's check gave no answer (handle_in "access_token"). */
function refreshFailure(error: PolicyError, topic: string): string {
  switch (error.kind) {
    case "rls_policy_error":
      return MESSAGES.noReadPermission(topic);
    case "query_canceled":
      return MESSAGES.queryCanceled;
    default:
      return MESSAGES.databaseUnavailable;
  }
}

const readsNothing = (policies: Policies) => !policies.broadcast.read && !policies.presence.read;
const lost = (before: boolean | null, after: boolean | null) => before === true && after === false;

export class ChannelPolicies {
  private constructor(
    private readonly authorization: Authorization,
    private context: AuthorizationContext,
    private presenceEnabled: boolean,
    /** null: a public channel */
    private policies: Policies | null,
    private readonly log: (message: string) => void,
  ) {}

  /** A public channel's (no checks), or a private one's after the read check of its join. */
  static async forJoin(
    authorization: Authorization,
    isPrivate: boolean,
    context: AuthorizationContext,
    presenceEnabled: boolean,
    log: (message: string) => void,
  ): Promise<JoinPolicies> {
    if (!isPrivate) return { ok: true, policies: new ChannelPolicies(authorization, context, presenceEnabled, null, log) };
    const result = await authorization.read(context, emptyPolicies(), { presenceEnabled });
    if (!result.ok) {
      log(`read check of ${context.topic} failed: ${JSON.stringify(result.error)}`);
      return { ok: false, response: joinFailure(result.error, context.topic) };
    }
    if (readsNothing(result.policies)) return { ok: false, response: reason("Unauthorized", MESSAGES.noReadPermission(context.topic)) };
    return { ok: true, policies: new ChannelPolicies(authorization, context, presenceEnabled, result.policies, log) };
  }

  get isPrivate(): boolean {
    return this.policies !== null;
  }

  /** Whether broadcasts reach this channel (the dispatcher's broadcast_read). */
  readsBroadcast(): boolean {
    return this.policies === null || this.policies.broadcast.read === true;
  }

  /** Whether presence_state and presence_diff reach this channel. */
  readsPresence(): boolean {
    return this.policies === null || this.policies.presence.read === true;
  }

  /** Whether the client may broadcast (BroadcastHandler): writes checked once, then cached. */
  async mayBroadcast(): Promise<boolean> {
    if (this.policies === null) return true;
    if (this.policies.broadcast.write === null && !(await this.check("write"))) return false;
    return this.policies.broadcast.write === true;
  }

  /**
   * Whether the client may track presence (PresenceHandler): presence read checked first when the
   * join did not (presence was not enabled then), then the writes; cached.
   */
  async mayTrack(): Promise<boolean> {
    if (this.policies === null) return true;
    if (this.policies.presence.write === null) {
      if (this.policies.presence.read === null && !(await this.check("read"))) return false;
      if (!(await this.check("write"))) return false;
    }
    if (this.policies.presence.write !== true) return false;
    this.presenceEnabled = true;
    return true;
  }

  /**
   * A new token: the policies are reset and the reads checked again with its claims. Resolves
   * null when the channel may go on, else the system message that ends it.
   */
  async reauthorize(claims: Claims): Promise<string | null> {
    this.context = { ...this.context, claims };
    const previous = this.policies;
    if (previous === null) return null;
    const result = await this.authorization.read(this.context, emptyPolicies(), { presenceEnabled: this.presenceEnabled });
    if (!result.ok) {
      this.log(`read check of ${this.context.topic} failed: ${JSON.stringify(result.error)}`);
      return refreshFailure(result.error, this.context.topic);
    }
    const next = result.policies;
    if (readsNothing(next)) return MESSAGES.noReadPermission(this.context.topic);
    if (lost(previous.broadcast.read, next.broadcast.read) || lost(previous.presence.read, next.presence.read))
      return MESSAGES.readPermissionRevoked(this.context.topic);
    this.policies = next;
    return null;
  }

  /** Runs a check on a private channel's policies; false when it gave no answer (logged). */
  private async check(kind: "read" | "write"): Promise<boolean> {
    const current = this.policies ?? emptyPolicies();
    const result =
      kind === "read"
        ? await this.authorization.read(this.context, current, { presenceEnabled: true })
        : await this.authorization.write(this.context, current);
    if (!result.ok) {
      this.log(`${kind} check of ${this.context.topic} failed: ${JSON.stringify(result.error)}`);
      return false;
    }
    this.policies = result.policies;
    return true;
  }
}
