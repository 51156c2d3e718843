// A channel's postgres_changes bindings, as RealtimeChannel subscribes them: checked by the
// extension for the channel's claims at join and after every new token, activated when they pass
// (a `postgres_changes` system message says so), deactivated when they are refused. When the
// database cannot be reached, what was active stays so and the check is retried later (as Realtime
// retries postgres_subscribe).
import type { Claims } from "../../authorization/jwt";
import type { Binding } from "../../extensions/postgres-changes/bindings";
import type { PostgresChanges, Resolution } from "../../extensions/postgres-changes/index";
import { POSTGRES_CHANGES_MESSAGES } from "../../extensions/postgres-changes/messages";
import type { ChangeTarget } from "../../extensions/postgres-changes/subscription-registry";
import type { ReplyStatus } from "../../protocol/messages";

/** Wait before asking an unreachable database again about the subscriptions. */
const RESUBSCRIBE_DELAY_MS = 5000;

/** What the handler needs from its channel. */
export interface SubscribingChannel {
  /** the claims of the channel's current token */
  claims(): Claims;
  /** a `postgres_changes` system message */
  pushSystem(status: ReplyStatus, message: string): void;
}

export class PostgresChangesHandler {
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly changes: Pick<PostgresChanges, "resolve" | "subscriptions">,
    /** where the subscriptions' events go */
    private readonly target: ChangeTarget,
    private readonly bindings: Binding[],
    private readonly channel: SubscribingChannel,
  ) {}

  /** Checks the bindings for the current claims (ok, empty, without bindings). */
  resolve(): Promise<Resolution> {
    return this.changes.resolve(this.bindings, this.channel.claims());
  }

  /**
   * Activates the subscriptions and tells the client; a refusal deactivates them. When the
   * database could not be asked, what was active stays so and the check is retried later.
   */
  apply(resolution: Resolution): void {
    if (this.bindings.length === 0 || this.stopped) return;
    clearTimeout(this.retryTimer);
    if (resolution.ok) {
      this.changes.subscriptions.set(this.target, resolution.subscriptions);
      this.channel.pushSystem("ok", POSTGRES_CHANGES_MESSAGES.subscribedToPostgres);
      return;
    }
    this.channel.pushSystem("error", resolution.error);
    if (!("retry" in resolution)) {
      this.changes.subscriptions.remove(this.target);
      return;
    }
    this.retryTimer = setTimeout(() => void this.resolve().then((next) => this.apply(next)), RESUBSCRIBE_DELAY_MS);
    this.retryTimer.unref();
  }

  /** The channel has a new token: the bindings are checked again for its claims. */
  async refresh(): Promise<void> {
    if (this.bindings.length === 0) return;
    this.apply(await this.resolve());
  }

  /** The channel ended: its subscriptions go. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.changes.subscriptions.remove(this.target);
  }
}
