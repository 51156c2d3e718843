// Test databases and callers. Each test file works in its own database cloned from a template
// (made by the run's global setup), and acts as PostgREST does: a transaction with `set local role`
// and request.jwt.claims.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

// what the test run's global setup provides: the throwaway cluster's superuser URL
declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export type Caller = { kind: "anon" } | { kind: "service_role" } | { kind: "user"; id: string; email?: string };

export const anon: Caller = { kind: "anon" };
export const serviceRole: Caller = { kind: "service_role" };
export const asUser = (id: string): Caller => ({ kind: "user", id });

export interface TestDatabase {
  name: string;
  url: string;
  /** Connections as the `postgres` superuser; `as()` switches role inside each transaction. */
  pool: pg.Pool;
  close(): Promise<void>;
}

function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new database cloned from a template database prepared by the global setup. */
export async function freshDatabase(template = "tpl_full", poolSize = 10): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `t_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // pg's advice: an idle pooled connection the server drops (a restart, a terminated backend) is
  // emitted on the pool, and without a listener it would crash the test file's process; the pool
  // discards that connection, and a statement that needed it fails its own test
  pool.on("error", (error) => console.warn(`test database ${name}: an idle connection was lost: ${error.message}`));
  return {
    name,
    url,
    pool,
    close: async () => {
      await pool.end();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

export function claimsOf(caller: Caller): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  switch (caller.kind) {
    case "anon":
      return { role: "anon", iss: "supabase-demo", iat: now, exp: now + 3600 };
    case "service_role":
      return { role: "service_role", iss: "supabase-demo", iat: now, exp: now + 3600 };
    case "user":
      return {
        sub: caller.id,
        role: "authenticated",
        aud: "authenticated",
        email: caller.email ?? `${caller.id}@example.com`,
        aal: "aal1",
        iat: now,
        exp: now + 3600,
        is_anonymous: false,
      };
  }
}

/** Runs `fn` in one committed transaction as `caller`, the way PostgREST runs a request. */
export async function as<T>(db: pg.Pool | pg.PoolClient, caller: Caller, fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const client = db instanceof pg.Pool ? await db.connect() : db;
  const role = caller.kind === "user" ? "authenticated" : caller.kind;
  try {
    await client.query("begin");
    await client.query(`set local role ${role}`);
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(caller))]);
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    if (db instanceof pg.Pool) (client as pg.PoolClient).release();
  }
}

/** One statement as `caller`; returns its rows. */
export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(
  db: pg.Pool,
  caller: Caller,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return as(db, caller, async (client) => (await client.query<R>(sql, params)).rows);
}

/** The Postgres error a promise rejects with (fails the test when it resolves). */
export async function pgError(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && "code" in error) return { code: String(error.code), message: error.message };
    throw error;
  }
  throw new Error("expected the statement to fail, but it succeeded");
}
