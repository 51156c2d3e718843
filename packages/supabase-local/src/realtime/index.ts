// A Supabase-Realtime-compatible service for the local stack: the Phoenix websocket protocol
// (serializers 1.0.0 and 2.0.0) with broadcast, presence and postgres_changes fed by logical
// replication of the `supabase_realtime` publication, row level security checked per subscriber,
// private channels authorized by the policies on realtime.messages, broadcasts from the database
// (rows inserted into realtime.messages, streamed from a replication slot of their own) with replay,
// and the REST broadcast API. The unmodified realtime-js client is the judge of fidelity.
//
// The parts, after upstream's layout: ./web (the HTTP and websocket endpoints, the socket, the
// channel and its handlers, the join payload), ./authorization (tokens, policies),
// ./extensions/postgres-changes (the change feed and its subscribers), ./tenants (realtime.messages:
// its replication stream, partitions and janitor, replay), ./protocol (Phoenix frames and
// messages), and the topic and presence registries the channels share.
import pg from "pg";
import { createTokenVerifier } from "./authorization/jwt";
import { createAuthorization } from "./authorization/policies";
import { startPostgresChanges, type PostgresChanges } from "./extensions/postgres-changes/index";
import { TenantLimiter } from "./limits/limiter";
import type { RealtimeLimits } from "./limits/limits";
import { PresenceRegistry } from "./presence";
import { startJanitor, type Janitor } from "./tenants/janitor";
import { ensureSchemaPrivileges } from "./tenants/schema";
import { replayMessages } from "./tenants/messages";
import { startMessagesReplication, type MessagesReplication } from "./tenants/replication-connection";
import { topicKey, TopicRegistry } from "./topics";
import type { ChannelServices } from "./web/channel/channel";
import { createHttpServer } from "./web/server";

export interface RealtimeOptions {
  port: number;
  /** default 127.0.0.1 */
  host?: string;
  /**
   * A superuser, or a role with REPLICATION that may SET ROLE to the API roles (anon,
   * authenticated, service_role), e.g. supabase_realtime_admin from bootstrap.sql.
   */
  databaseUrl: string;
  /** the project's JWT secret (HS256 tokens), or its key set as JSON (the secret as an `oct` key and the public signing keys, by `kid`) */
  jwtSecret: string;
  /** the replication slot (created at start, dropped at stop); default per database */
  slotName?: string;
  /** default supabase_realtime */
  publication?: string;
  /**
   * A superuser connection, used only for what hosted Realtime does as supabase_admin and the
   * service's own role may not: creating (or recreating) the publication of realtime.messages (it
   * needs CREATE on the database) and granting that role USAGE and CREATE on schema realtime when
   * it lacks them (Realtime's tenant migrations grant them).
   */
  adminDatabaseUrl?: string;
  /** the broadcast-from-database slot (temporary); default supabase_realtime_messages_replication_slot_<database> */
  messagesSlotName?: string;
  /** only private channels may be joined (hosted: "Allow public access" off, tenants.private_only); default false */
  privateOnly?: boolean;
  /** how long a refused join waits before its error reply (Realtime's CHANNEL_ERROR_BACKOFF_MS); default 5000 */
  channelErrorBackoffMs?: number;
  /** how often the janitor drops old realtime.messages partitions and creates the next ones; default 4 h */
  janitorIntervalMs?: number;
  /**
   * The tenant's limits (./limits/limits: users, events, joins and channels per client, presence,
   * payload size, and the rate counters' ticks); each one left out takes what `supabase start` gives its tenant.
   */
  limits?: Partial<RealtimeLimits>;
  /** diagnostics (reconnects, dropped frames); silent by default */
  log?: (message: string) => void;
}

/** Realtime's CHANNEL_ERROR_BACKOFF_MS default. */
export const CHANNEL_ERROR_BACKOFF_MS = 5000;

export interface RealtimeHandle {
  url: string;
  /** the limits in force */
  limits: RealtimeLimits;
  stop(): Promise<void>;
}

export async function startRealtime(options: RealtimeOptions): Promise<RealtimeHandle> {
  const host = options.host ?? "127.0.0.1";
  const publication = options.publication ?? "supabase_realtime";
  const log = options.log ?? (() => undefined);
  const db = new pg.Pool({ connectionString: options.databaseUrl, max: 4, application_name: "supabase_realtime_local" });
  db.on("error", (error) => log(`database connection error: ${error.message}`));

  const verifyToken = createTokenVerifier(options.jwtSecret);
  const limiter = new TenantLimiter(options.limits, log);
  const topics = new TopicRegistry();
  let postgresChanges: PostgresChanges | undefined;
  let janitor: Janitor | undefined;
  let replication: MessagesReplication | undefined;
  const stopFeeds = async () => {
    await janitor?.stop();
    await replication?.stop().catch(() => undefined);
    await postgresChanges?.stop().catch(() => undefined);
    limiter.stop();
  };
  try {
    postgresChanges = await startPostgresChanges({
      db,
      databaseUrl: options.databaseUrl,
      slotName: options.slotName,
      publication,
      rateGate: limiter.changes,
      log,
    });
    await ensureSchemaPrivileges(db, options.adminDatabaseUrl, log);
    janitor = await startJanitor({ db, intervalMs: options.janitorIntervalMs, log });
    replication = await startMessagesReplication({
      databaseUrl: options.databaseUrl,
      adminDatabaseUrl: options.adminDatabaseUrl,
      slotName: options.messagesSlotName,
      // a row is routed to the private or the public channels of its topic, never both
      onBroadcast: (row) =>
        limiter.databaseBroadcast(row.payload.length) &&
        topics.broadcastBytes(topicKey(row.topic, row.private), {
          event: row.event,
          encoding: row.encoding,
          payload: row.payload,
          metadata: { id: row.id },
        }),
      log,
    });
  } catch (error) {
    await stopFeeds();
    await db.end();
    throw error;
  }

  const channels: ChannelServices = {
    verifyToken,
    authorization: createAuthorization(db),
    privateOnly: options.privateOnly ?? false,
    channelErrorBackoffMs: options.channelErrorBackoffMs ?? CHANNEL_ERROR_BACKOFF_MS,
    replayMessages: (topic, sinceMs, limit) => replayMessages(db, topic, sinceMs, limit),
    replication,
    topics,
    presence: new PresenceRegistry(topics),
    postgresChanges,
    limits: limiter,
    log,
  };
  const http = createHttpServer(channels);
  try {
    await new Promise<void>((resolve, reject) => {
      http.server.once("error", reject);
      http.server.listen(options.port, host, () => {
        http.server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await stopFeeds();
    await db.end();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${options.port}`,
    limits: limiter.limits,
    stop: () =>
      (stopping ??= (async () => {
        await http.close();
        try {
          await janitor?.stop();
          await replication?.stop().catch((error: unknown) => log(`stopping broadcast changes failed: ${String(error)}`));
          await postgresChanges?.stop();
        } finally {
          limiter.stop();
          await db.end();
        }
      })()),
  };
}
