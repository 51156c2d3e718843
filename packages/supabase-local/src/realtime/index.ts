// A Supabase-Realtime-compatible service for the local stack: the Phoenix websocket protocol
// (serializers 1.0.0 and 2.0.0) with broadcast, presence and postgres_changes fed by logical
// replication of the `supabase_realtime` publication, row level security checked per subscriber,
// and the REST broadcast API. The unmodified realtime-js client is the judge of fidelity.
//
// The parts, after upstream's layout: ./web (the HTTP and websocket endpoints, the socket, the
// channel and its handlers, the join payload), ./authorization (tokens, private channels),
// ./extensions/postgres-changes (the change feed and its subscribers), ./protocol (Phoenix frames
// and messages), and the topic and presence registries the channels share.
import pg from "pg";
import { createTokenVerifier } from "./authorization/jwt";
import { roleBypassesRls } from "./authorization/private-channels";
import { startPostgresChanges, type PostgresChanges } from "./extensions/postgres-changes/index";
import { PresenceRegistry } from "./presence";
import { TopicRegistry } from "./topics";
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
  let postgresChanges: PostgresChanges;
  try {
    postgresChanges = await startPostgresChanges({ db, databaseUrl: options.databaseUrl, slotName: options.slotName, publication, log });
  } catch (error) {
    await db.end();
    throw error;
  }

  const topics = new TopicRegistry();
  const channels: ChannelServices = {
    verifyToken,
    canUsePrivate: (role) => roleBypassesRls(db, role),
    topics,
    presence: new PresenceRegistry(topics),
    postgresChanges,
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
    await postgresChanges.stop().catch(() => undefined);
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
          await postgresChanges.stop();
        } finally {
          await db.end();
        }
      })()),
  };
}
