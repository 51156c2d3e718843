// A Supabase-Realtime-compatible service for the local stack: the Phoenix websocket protocol
// (serializers 1.0.0 and 2.0.0) with broadcast, presence and postgres_changes fed by logical
// replication of the `supabase_realtime` publication, row level security checked per subscriber,
// and the REST broadcast API. The unmodified realtime-js client is the judge of fidelity.
import pg from "pg";
import { roleBypassesRls, type ChannelServices } from "./channels";
import { Catalog } from "./catalog";
import { ChangeDispatcher } from "./dispatcher";
import { createTokenVerifier } from "./jwt";
import { PresenceRegistry } from "./presence";
import { defaultSlotName, startReplication } from "./replication";
import { createHttpServer } from "./server";
import { SubscriptionRegistry } from "./subscriptions";
import { TopicRegistry } from "./topics";

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
  /** diagnostics (reconnects, dropped frames); silent by default */
  log?: (message: string) => void;
}

export interface RealtimeHandle {
  url: string;
  stop(): Promise<void>;
}

export async function startRealtime(options: RealtimeOptions): Promise<RealtimeHandle> {
  const host = options.host ?? "127.0.0.1";
  const publication = options.publication ?? "supabase_realtime";
  const log = options.log ?? (() => undefined);
  const db = new pg.Pool({ connectionString: options.databaseUrl, max: 4, application_name: "supabase_realtime_local" });
  db.on("error", (error) => log(`database connection error: ${error.message}`));

  const verifyToken = createTokenVerifier(options.jwtSecret);
  const topics = new TopicRegistry();
  const subscriptions = new SubscriptionRegistry();
  const catalog = new Catalog(db);
  const dispatcher = new ChangeDispatcher(db, catalog, subscriptions);
  const channels: ChannelServices = { verifyToken, topics, presence: new PresenceRegistry(topics), subscriptions, db, publication, log };

  let replication: Awaited<ReturnType<typeof startReplication>>;
  try {
    replication = await startReplication({
      databaseUrl: options.databaseUrl,
      slotName: options.slotName ?? defaultSlotName(options.databaseUrl),
      publication,
      onChange: (change) => dispatcher.dispatch(change),
      onRelation: (relation) => catalog.invalidate(relation.oid),
      log,
    });
  } catch (error) {
    await db.end();
    throw error;
  }

  const http = createHttpServer({ channels, verifyToken, topics, canUsePrivate: (role) => roleBypassesRls(db, role) });
  try {
    await new Promise<void>((resolve, reject) => {
      http.server.once("error", reject);
      http.server.listen(options.port, host, () => {
        http.server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await replication.stop().catch(() => undefined);
    await db.end();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${options.port}`,
    stop: () =>
      (stopping ??= (async () => {
        await http.close();
        try {
          await replication.stop();
        } finally {
          await db.end();
        }
      })()),
  };
}
