// The API side of the local stack: the gateway and the auth service in this process, PostgREST and
// the realtime service as supervised child processes (relaunched when they die), and, when asked,
// a watch on the database that restarts Postgres when its postmaster dies.
import { join } from "node:path";
import { startAuth } from "./auth/index";
import { startGateway } from "./gateway";
import { verificationJwks, type StackKeys } from "./keys";
import { freePort } from "./ports";
import type { PostgresOptions } from "./postgres";
import { supervisePostgres } from "./postgres-supervisor";
import { startPostgrest } from "./postgrest";
import { startRealtimeProcess } from "./realtime-process";

export interface StackOptions {
  database: { port: number; name?: string; password: string };
  apiPort: number;
  keys: StackKeys;
  /** Folder for the logs and pid files of PostgREST and realtime. */
  runDir: string;
  /** The cluster to restart when its postmaster dies (the CLI's stack); unwatched when absent. */
  superviseDatabase?: PostgresOptions;
  siteUrl?: string;
}

export interface StackHandle {
  apiUrl: string;
  /** Reloads PostgREST's schema cache (after migrations). */
  reloadSchema(): void;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<StackHandle> {
  const { port, name = "postgres", password } = options.database;
  const dbUrl = (role: string) => `postgresql://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${name}`;
  const apiUrl = `http://127.0.0.1:${options.apiPort}`;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  // what PostgREST and realtime verify with: the public signing key (user tokens, ES256) and the
  // secret as an oct key (the HS256 API keys), as the Supabase CLI configures both
  const jwks = JSON.stringify(verificationJwks(options.keys));
  try {
    const postgrest = await startPostgrest({
      dbUri: dbUrl("authenticator"),
      jwtSecret: jwks,
      port: await freePort(),
      adminPort: await freePort(),
      logFile: join(options.runDir, "postgrest.log"),
      pidFile: join(options.runDir, "postgrest.pid"),
    });
    stops.push(postgrest.stop);
    const auth = await startAuth({
      port: await freePort(),
      databaseUrl: dbUrl("supabase_auth_admin"),
      jwtSecret: options.keys.jwtSecret,
      signingKey: options.keys.signingKey,
      issuer: `${apiUrl}/auth/v1`,
      siteUrl: options.siteUrl ?? "http://127.0.0.1:3000",
    });
    stops.push(auth.stop);
    const realtime = await startRealtimeProcess({
      port: await freePort(),
      databaseUrl: dbUrl("supabase_realtime_admin"),
      jwtSecret: jwks, // the verifier takes a secret or a JWKS, like PostgREST's jwt-secret
      logFile: join(options.runDir, "realtime.log"),
      pidFile: join(options.runDir, "realtime.pid"),
    });
    stops.push(realtime.stop);
    const gateway = await startGateway({
      port: options.apiPort,
      apiKeys: [options.keys.anonKey, options.keys.serviceRoleKey],
      routes: {
        "/rest/v1": { url: postgrest.url, stripPrefix: true },
        "/auth/v1": { url: auth.url, stripPrefix: false },
        // read per request: a relaunched realtime may listen on another port
        "/realtime/v1": {
          get url() {
            return realtime.url;
          },
          stripPrefix: false,
        },
      },
    });
    stops.push(gateway.stop);
    if (options.superviseDatabase) {
      const watch = supervisePostgres({
        postgres: options.superviseDatabase,
        log: (message) => console.log(`${new Date().toISOString()} ${message}`),
      });
      // stopped first (stops run in reverse), so that stopping the stack never restarts Postgres
      stops.push(watch.stop);
    }
    return { apiUrl, reloadSchema: postgrest.reload, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
