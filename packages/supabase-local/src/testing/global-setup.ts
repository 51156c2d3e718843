// Vitest global setup for tests that need Postgres: one throwaway cluster for the run and a template
// database `tpl_full` holding the bootstrap and every migration of the project (SUPABASE_WORKDIR,
// else the current directory). Test files clone it with freshDatabase() (testing/database.ts).
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyBootstrap, applyMigrations } from "../schema";
import { startTestCluster } from "./cluster";

function dbUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates database `name` with the bootstrap and the migrations up to `until` (all when absent). */
export async function createTemplate(adminUrl: string, name: string, until?: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const client = new pg.Client({ connectionString: dbUrl(adminUrl, name) });
  await client.connect();
  try {
    await applyBootstrap(client);
    await applyMigrations(client, { until });
  } finally {
    await client.end();
  }
}

/** Starts the cluster, makes `tpl_full` and whatever `more` makes, provides `pgAdminUrl`. */
export async function setupTestCluster(project: TestProject, more?: (adminUrl: string) => Promise<void>): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  try {
    await createTemplate(cluster.url, "tpl_full");
    await more?.(cluster.url);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide("pgAdminUrl", cluster.url);
  return () => cluster.stop();
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setupTestCluster(project);
}
