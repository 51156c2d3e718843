// The API side of the local stack in one process: PostgREST (supervised child), the auth service,
// the realtime service and the gateway in front of them, against a running database.
import { join } from "node:path";
import { startAuth } from "./auth/index";
import { startGateway } from "./gateway";
import type { StackKeys } from "./keys";
import { freePort } from "./ports";
import { startPostgrest } from "./postgrest";
import { startRealtime } from "./realtime/index";

export interface StackOptions {
  database: { port: number; name?: string; password: string };
  apiPort: number;
  keys: StackKeys;
  /** Folder for the PostgREST log and pid file. */
  runDir: string;
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
  try {
    const postgrest = await startPostgrest({
      dbUri: dbUrl("authenticator"),
      jwtSecret: options.keys.jwtSecret,
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
      issuer: `${apiUrl}/auth/v1`,
      siteUrl: options.siteUrl ?? "http://127.0.0.1:3000",
    });
    stops.push(auth.stop);
    const realtime = await startRealtime({
      port: await freePort(),
      databaseUrl: dbUrl("supabase_realtime_admin"),
      jwtSecret: options.keys.jwtSecret,
      log: (message) => console.log(`${new Date().toISOString()} realtime: ${message}`),
    });
    stops.push(realtime.stop);
    const gateway = await startGateway({
      port: options.apiPort,
      apiKeys: [options.keys.anonKey, options.keys.serviceRoleKey],
      routes: {
        "/rest/v1": { url: postgrest.url, stripPrefix: true },
        "/auth/v1": { url: auth.url, stripPrefix: false },
        "/realtime/v1": { url: realtime.url, stripPrefix: false },
      },
    });
    stops.push(gateway.stop);
    return { apiUrl, reloadSchema: postgrest.reload, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
