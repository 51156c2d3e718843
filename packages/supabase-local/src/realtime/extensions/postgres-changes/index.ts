// The postgres_changes extension, as Realtime's Extensions.PostgresCdcRls: changes streamed from
// one replication slot on the publication (./replication, decoded by ./pgoutput), matched to the
// subscriptions of the changed table, filtered and checked against each subscriber's row level
// security (./dispatcher), and channels' bindings checked against the database (./subscriptions).
// The channel layer uses it only through PostgresChanges.
import type pg from "pg";
import type { Claims } from "../../authorization/jwt";
import { MESSAGES } from "../../protocol/messages";
import type { Binding } from "./bindings";
import { Catalog } from "./catalog";
import { isConnectionError } from "./connection-errors";
import { ChangeDispatcher, type ChangeRateGate } from "./dispatcher";
import { defaultSlotName, startReplication } from "./replication";
import { SubscriptionRegistry } from "./subscription-registry";
import { resolveSubscriptions, type ResolveResult } from "./subscriptions";

export interface PostgresChangesOptions {
  /** the service's pool: table descriptions, subscription and row level security checks */
  db: pg.Pool;
  /** for the replication connection */
  databaseUrl: string;
  /** the replication slot (created at start, dropped at stop); default per database */
  slotName?: string;
  publication: string;
  /** the tenant's rate of postgres_changes (changes skipped while it is over the limit) */
  rateGate?: ChangeRateGate;
  log(message: string): void;
}

/** The outcome of checking a channel's bindings: `retry` when the database could not be reached. */
export type Resolution = ResolveResult | { ok: false; error: string; retry: true };

export interface PostgresChanges {
  /** the active subscriptions: a channel sets its own, and drops them when it ends */
  readonly subscriptions: SubscriptionRegistry;
  /** Checks `bindings` for `claims` (ok, empty, without bindings). */
  resolve(bindings: Binding[], claims: Claims): Promise<Resolution>;
  /** Stops streaming and drops the slot. */
  stop(): Promise<void>;
}

/** Resolves once the slot streams. */
export async function startPostgresChanges(options: PostgresChangesOptions): Promise<PostgresChanges> {
  const { db, publication, log } = options;
  const subscriptions = new SubscriptionRegistry();
  const catalog = new Catalog(db);
  const dispatcher = new ChangeDispatcher(db, catalog, subscriptions, options.rateGate);
  const replication = await startReplication({
    databaseUrl: options.databaseUrl,
    slotName: options.slotName ?? defaultSlotName(options.databaseUrl),
    publication,
    onChange: (change) => dispatcher.dispatch(change),
    onRelation: (relation) => catalog.invalidate(relation.oid),
    log,
  });
  return {
    subscriptions,
    resolve: async (bindings, claims) => {
      if (bindings.length === 0) return { ok: true, subscriptions: [] };
      try {
        return await resolveSubscriptions(db, publication, bindings, claims);
      } catch (error) {
        log(`postgres_changes subscription failed: ${String(error)}`);
        return { ok: false, error: isConnectionError(error) ? MESSAGES.databaseUnavailable : String(error), retry: true };
      }
    },
    stop: () => replication.stop(),
  };
}
