// A migration's rollback, tested catalog for catalog: a database with every migration before it
// (a template of the global setup), the migration applied, then its rollback twice and its row
// removed from supabase_migrations.schema_migrations, against that template's own catalog.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freshDatabase } from "@habitats/supabase-local/testing/database";
import { applyMigrations } from "@habitats/supabase-local/schema";
import { catalogSnapshot, type CatalogSnapshot } from "./catalog";
import { ROLLBACKS_DIR } from "./constants";

export interface RolledBack {
  /** the catalog after the migration and its rollback (twice: it must be safe to run again) */
  rolledBack: CatalogSnapshot;
  /** the catalog of every migration before it */
  before: CatalogSnapshot;
}

/** `supabase/rollbacks/<file>` after migration `version` on `beforeTemplate`; see above. */
export async function rollBack(file: string, version: string, beforeTemplate: string): Promise<RolledBack> {
  const [rolledBack, before] = await Promise.all([freshDatabase(beforeTemplate), freshDatabase(beforeTemplate)]);
  try {
    const client = await rolledBack.pool.connect();
    try {
      await applyMigrations(client, { until: version });
    } finally {
      client.release();
    }
    const sql = readFileSync(join(ROLLBACKS_DIR, file), "utf8");
    await rolledBack.pool.query(sql);
    await rolledBack.pool.query(sql);
    await rolledBack.pool.query("delete from supabase_migrations.schema_migrations where version = $1", [version]);
    return { rolledBack: await catalogSnapshot(rolledBack.pool), before: await catalogSnapshot(before.pool) };
  } finally {
    await Promise.all([rolledBack.close(), before.close()]);
  }
}
