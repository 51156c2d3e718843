// The API side of the local stack: the gateway, the auth service and the cron scheduler in this
// process, PostgREST and the realtime service as supervised child processes (relaunched when they
// die), and, when asked, a watch on the database that restarts Postgres when its postmaster dies.
import { join } from "node:path";
import { authSettingsFromEnv } from "./auth/env-settings";
import { startAuth } from "./auth/index";
import { startCron } from "./cron/index";
import { startGateway } from "./gateway";
import { verificationJwks, type StackKeys } from "./keys";
import { freePort } from "./ports";
import type { PostgresOptions } from "./postgres";
import { supervisePostgres } from "./postgres-supervisor";
import { startPostgrest } from "./postgrest";
import { startRealtimeProcess } from "./realtime-process";
import { limitsFromEnv } from "./realtime/limits/limits";

export interface StackOptions {
  database: { port: number; name?: string; password: string };
  apiPort: number;
  keys: StackKeys;
  /** Folder for the logs and pid files of PostgREST and realtime. */
  runDir: string;
  /** The cluster to restart when its postmaster dies (the CLI's stack); unwatched when absent. */
  superviseDatabase?: PostgresOptions;
  siteUrl?: string;
  /**
   * realtime's project settings: `privateOnly` is hosted's "Allow public access" off (default:
   * SUPABASE_REALTIME_PRIVATE_ONLY=true in the environment, else false as on hosted projects)
   */
  realtime?: { privateOnly?: boolean };
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
      // GOTRUE_RATE_LIMIT_* and GOTRUE_RATE_LIMIT_HEADER, as a self-hosted GoTrue reads them
      ...authSettingsFromEnv(process.env),
    });
    stops.push(auth.stop);
    const realtime = await startRealtimeProcess({
      port: await freePort(),
      databaseUrl: dbUrl("supabase_realtime_admin"),
      // what realtime does as supabase_admin on hosted: the publication of realtime.messages (it
      // needs CREATE on the database) and its own grants on schema realtime
      adminDatabaseUrl: dbUrl("postgres"),
      jwtSecret: jwks, // the verifier takes a secret or a JWKS, like PostgREST's jwt-secret
      // the local tenant's limits as `supabase start` seeds them, unless the environment raises them
      // (TENANT_MAX_EVENTS_PER_SECOND=… npm run db:start, as a paid plan would)
      limits: limitsFromEnv(process.env),
      privateOnly: options.realtime?.privateOnly ?? process.env.SUPABASE_REALTIME_PRIVATE_ONLY === "true",
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
    // Supabase Cron: the jobs of cron.job, run as pg_cron's worker runs them
    const cron = await startCron({
      databaseUrl: dbUrl("postgres"),
      log: (message) => console.log(`${new Date().toISOString()} ${message}`),
    });
    stops.push(cron.stop);
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
