// The local stack's database: Postgres started (and created when new), brought to the current
// schema, and seeded when it was just created.
import pg from "pg";
import { startPostgres, type PostgresHandle } from "./postgres";
import { applyBootstrap, applyMigrations, applySeed } from "./schema";
import type { StackPaths } from "./paths";

export const DB_PORT = Number(process.env.SUPABASE_DB_PORT ?? 54322);
export const DB_PASSWORD = "postgres";

export interface DatabaseHandle extends PostgresHandle {
  migrationsApplied: string[];
  seeded: boolean;
}

export async function startDatabase(paths: StackPaths, port = DB_PORT): Promise<DatabaseHandle> {
  const pgHandle = await startPostgres({
    dataDir: paths.dataDir,
    port,
    password: DB_PASSWORD,
    logFile: paths.postgresLog,
    cacheDir: paths.cacheDir,
  });
  const client = new pg.Client({ connectionString: pgHandle.url });
  await client.connect();
  try {
    // a cluster whose first start was interrupted has no migrations recorded: seed it too
    const fresh =
      pgHandle.created ||
      (await client.query("select to_regclass('supabase_migrations.schema_migrations') is null as fresh")).rows[0].fresh === true;
    await applyBootstrap(client);
    const migrationsApplied = await applyMigrations(client);
    if (fresh) await applySeed(client);
    return { ...pgHandle, migrationsApplied, seeded: fresh };
  } finally {
    await client.end();
  }
}
