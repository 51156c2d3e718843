// Starts one throwaway cluster for the run and prepares two template databases: `tpl_full` (the
// bootstrap and every migration) and `tpl_before_participants` (the bootstrap and the migrations
// the stream participants migration builds on). Test files clone them (see helpers/db.ts).
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyBootstrap, applyMigrations } from "../local/schema";
import { startTestCluster } from "./helpers/cluster";
import { PARTICIPANTS_VERSION } from "./helpers/constants";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

function dbUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function createTemplate(adminUrl: string, name: string, until?: string): Promise<void> {
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  const previousVersion = String(Number(PARTICIPANTS_VERSION) - 1).padStart(14, "0");
  await createTemplate(cluster.url, "tpl_full");
  await createTemplate(cluster.url, "tpl_before_participants", previousVersion);
  project.provide("pgAdminUrl", cluster.url);
  return async () => {
    await cluster.stop();
  };
}
