// A throwaway Postgres cluster and a migrated database for a benchmark run (no seed).
import pg from "pg";
import { applyBootstrap, applyMigrations } from "@habitats/supabase-local/schema";
import { startTestCluster, type TestCluster } from "@habitats/supabase-local/testing/cluster";

export interface BenchDatabase {
  cluster: TestCluster;
  url: string;
  stop(): Promise<void>;
}

export async function benchDatabase(name = "bench"): Promise<BenchDatabase> {
  const cluster = await startTestCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyBootstrap(client);
  await applyMigrations(client);
  await client.end();
  return { cluster, url: url.toString(), stop: () => cluster.stop() };
}

const SET_CALLER = "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)";

/**
 * Runs `sql` as `userId` inside a transaction, the way PostgREST runs a request: the caller's role
 * and claims set for the transaction, then the statement, both as named prepared statements
 * (PostgREST prepares its statements per connection by default, so they are planned once, not per request).
 */
export async function asUserTx(client: pg.ClientBase, userId: string, sql: string, params: unknown[]): Promise<pg.QueryResult> {
  await client.query("begin");
  try {
    await client.query({
      name: "bench_set_caller",
      text: SET_CALLER,
      values: [JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated" })],
    });
    const result = await client.query({ name: statementName(sql), text: sql, values: params });
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `bench_${names.size + 1}`));
  return name;
}
