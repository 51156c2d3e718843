// supabase/schema.sql and lib/database.types.ts are generated from the migrations; these fail when
// a migration changed and the generated files were not (or someone edited them by hand).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dumpSchema } from "@habitats/supabase-local/gen/schema-dump";
import { generateTypes } from "@habitats/supabase-local/gen/typescript-types";
import { freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";

const onDisk = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8");

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db.close());

async function withClient(fn: (client: pg.PoolClient) => Promise<string>): Promise<string> {
  const client = await db.pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

it("supabase/schema.sql is the dump of the migrated schema", async () => {
  const dump = await withClient((client) => dumpSchema(client));
  expect(dump, "supabase/schema.sql is out of date: run npm run db:schema").toBe(onDisk("../schema.sql"));
});

it("lib/database.types.ts is what the migrated schema generates", async () => {
  const types = await withClient((client) => generateTypes(client));
  expect(types, "lib/database.types.ts is out of date: run npm run db:types").toBe(onDisk("../../lib/database.types.ts"));
});
