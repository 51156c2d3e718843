// Brings a database to the project's schema: the Supabase bootstrap, then every migration not yet
// applied (recorded where the Supabase CLI records them), then the seed on a fresh database.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientBase } from "pg";

import { supabaseDir } from "./paths";

export const BOOTSTRAP_SQL = fileURLToPath(new URL("./bootstrap.sql", import.meta.url));

export interface Migration {
  version: string;
  name: string;
  path: string;
}

/** The migrations of `dir` in the order they apply (by timestamp prefix, as the CLI orders them). */
export function listMigrations(dir = join(supabaseDir(), "migrations")): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d{14})_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([file, version, name]) => ({ version: version!, name: name!, path: join(dir, file!) }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

async function inTransaction(client: ClientBase, sql: string, label: string): Promise<void> {
  await client.query("begin");
  try {
    await client.query(sql);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${label}: ${message}`, { cause: error });
  }
}

// one runner at a time per database (two `db:start`s, or a test and a dev server)
const RUNNER_LOCK = 4_815_162_342;

export async function applyBootstrap(client: ClientBase): Promise<void> {
  await client.query("select pg_advisory_lock($1)", [RUNNER_LOCK]);
  try {
    await inTransaction(client, readFileSync(BOOTSTRAP_SQL, "utf8"), "bootstrap.sql");
  } finally {
    await client.query("select pg_advisory_unlock($1)", [RUNNER_LOCK]);
  }
}

/**
 * Applies, each in its own transaction, the migrations not yet recorded; `until` (a version)
 * stops after that one. Returns the versions applied now.
 */
export async function applyMigrations(client: ClientBase, options: { dir?: string; until?: string } = {}): Promise<string[]> {
  await client.query("select pg_advisory_lock($1)", [RUNNER_LOCK]);
  try {
    const done = new Set(
      (await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).rows.map((r) => r.version),
    );
    const applied: string[] = [];
    for (const migration of listMigrations(options.dir)) {
      if (options.until && migration.version > options.until) break;
      if (done.has(migration.version)) continue;
      const sql = readFileSync(migration.path, "utf8");
      const record = "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3])";
      await client.query("begin");
      try {
        await client.query(sql);
        await client.query(record, [migration.version, migration.name, sql]);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`migration ${migration.version}_${migration.name}: ${message}`, { cause: error });
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [RUNNER_LOCK]);
  }
}

export async function applySeed(client: ClientBase, path = join(supabaseDir(), "seed.sql")): Promise<void> {
  await inTransaction(client, readFileSync(path, "utf8"), "seed.sql");
}
