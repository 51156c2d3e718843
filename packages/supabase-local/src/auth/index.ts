// A Supabase Auth (GoTrue) compatible service for the local stack: sign-up, password sign-in,
// refresh-token rotation, the user endpoint, sign-out scopes and the admin user API, on GoTrue's
// own tables (auth.users, auth.identities, auth.sessions, auth.refresh_tokens). It serves paths
// with the /auth/v1 prefix, so supabase-js can talk to it directly or through the gateway.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveConfig, type AuthOptions, type Service } from "./config";
import { createPool } from "./db";
import { createListener } from "./http";
import { createLimiters } from "./rate-limits";
import { routes } from "./routes";

export type { AuthOptions } from "./config";

export interface AuthHandle {
  /** http://host:port, without the /auth/v1 prefix (the base URL supabase-js expects). */
  url: string;
  stop(): Promise<void>;
}

export async function startAuth(options: AuthOptions): Promise<AuthHandle> {
  const config = resolveConfig(options);
  const pool = createPool(config.databaseUrl);
  // fail now, not on the first request, when the database is unreachable
  await pool.query("select 1 from auth.users limit 1").catch(async (error: unknown) => {
    await pool.end();
    throw new Error(`auth service: cannot use the database: ${(error as Error).message}`);
  });

  const service: Service = { config, pool, limiters: createLimiters(config.rateLimits) };
  const server = createServer(createListener(service, routes, (error) => console.error("[auth] unexpected error:", error)));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      (stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await pool.end();
      })()),
  };
}
