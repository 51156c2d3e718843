// The security review migration on a database that already has data, and its rollback: names
// stored before it are cleaned, and supabase/rollbacks/20260116000000_security_review.sql returns
// the catalog to what the migrations before it left.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { catalogSnapshot, type CatalogSnapshot } from "./helpers/catalog";
import { ROLLBACKS_DIR, SECURITY_REVIEW_MIGRATION } from "./helpers/constants";
import { Fixtures } from "./helpers/fixtures";

const ROLLBACK = readFileSync(join(ROLLBACKS_DIR, "20260116000000_security_review.sql"), "utf8");

let db: TestDatabase;
let before: CatalogSnapshot;
let users: Record<string, string>;

// names the previous migrations let through, and what the migration makes of them
const STORED: Record<string, [string, string]> = {
  override: ["\u202eAnn", "Ann"],
  newline: ["Ann\nLee", "Ann Lee"],
  spaces: ["  Ann   Lee ", "Ann Lee"],
  invisible: ["\u200b\u200b", "Member"],
  clean: ["Ann Lee", "Ann Lee"],
};

beforeAll(async () => {
  db = await freshDatabase("tpl_before_security_review");
  before = await catalogSnapshot(db.pool);
  const f = new Fixtures(db.pool);
  users = {};
  for (const [key, [name]] of Object.entries(STORED)) {
    users[key] = await f.user(key);
    await db.pool.query("update public.profiles set display_name = $2 where id = $1", [users[key], name]);
  }
  await db.pool.query(readFileSync(SECURITY_REVIEW_MIGRATION, "utf8"));
});
afterAll(async () => db?.close());

describe("the security review migration", () => {
  it("cleans the names stored before it (a name with nothing visible becomes Member)", async () => {
    const { rows } = await db.pool.query<{ id: string; display_name: string }>(
      "select id, display_name from public.profiles where id = any ($1)",
      [Object.values(users)],
    );
    const stored = Object.fromEntries(rows.map((row) => [row.id, row.display_name]));
    expect(Object.fromEntries(Object.keys(STORED).map((key) => [key, stored[users[key]!]]))).toEqual(
      Object.fromEntries(Object.entries(STORED).map(([key, [, clean]]) => [key, clean])),
    );
  });

  it("its rollback returns the catalog to the previous migration's, and is safe to run twice", async () => {
    await db.pool.query(ROLLBACK);
    expect(await catalogSnapshot(db.pool)).toEqual(before);
    await db.pool.query(ROLLBACK);
    expect(await catalogSnapshot(db.pool)).toEqual(before);
  });
});
