// `npm run db:schema` and `npm run db:types`: write supabase/schema.sql and lib/database.types.ts
// from the migrations. By default from a throwaway Postgres cluster migrated from the project's
// supabase/migrations (the project: SUPABASE_WORKDIR, else the current directory), so nothing needs
// to run first; with --db-url, from a database that is already migrated (the local stack's).
//
//   tsx packages/supabase-local/src/gen/cli.ts <schema|types> [--out FILE] [--db-url URL]
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import pg from "pg";
import { projectRoot, supabaseDir } from "../paths";
import { startTestCluster } from "../testing/cluster";
import { createTemplate } from "../testing/global-setup";
import { dumpSchema } from "./schema-dump";
import { generateTypes } from "./typescript-types";

const generators: Record<string, { out: () => string; generate: (client: pg.ClientBase) => Promise<string> }> = {
  schema: { out: () => join(supabaseDir(), "schema.sql"), generate: (client) => dumpSchema(client) },
  types: { out: () => join(projectRoot(), "lib", "database.types.ts"), generate: (client) => generateTypes(client) },
};

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function withClient<T>(url: string, fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `fn` on a database of a throwaway cluster holding the bootstrap and every migration. */
async function withMigratedDatabase<T>(fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const cluster = await startTestCluster();
  try {
    await createTemplate(cluster.url, "migrated");
    const url = new URL(cluster.url);
    url.pathname = "/migrated";
    return await withClient(url.toString(), fn);
  } finally {
    await cluster.stop();
  }
}

const argv = process.argv.slice(2);
const generator = generators[argv[0] ?? ""];
if (!generator) {
  console.error(`usage: cli.ts <${Object.keys(generators).join("|")}> [--out FILE] [--db-url URL]`);
  process.exit(2);
}
try {
  const dbUrl = option(argv, "--db-url");
  const text = dbUrl ? await withClient(dbUrl, generator.generate) : await withMigratedDatabase(generator.generate);
  const out = option(argv, "--out") ?? generator.out();
  writeFileSync(out, text);
  console.log(`Wrote ${relative(process.cwd(), out)} (${text.split("\n").length - 1} lines)`);
} catch (error) {
  console.error(`${argv[0]} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
