// The rules on a watch party's own columns (title, description, status, media links and
// provider): every bad value is refused with a check violation, whether the party is scheduled
// or edited, and the participant count kept by the triggers is never refused by them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asUser, freshDatabase, pgError, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;
let owner: string;
let habitat: string;
let party: string;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db.close());

beforeEach(async () => {
  owner = await f.user("owner");
  habitat = await f.habitat(owner);
  party = await f.party(habitat, { createdBy: owner });
});

const long = (n: number) => "x".repeat(n);

// column, a refused value, an accepted value
const RULES: Array<[string, string, string]> = [
  ["title", "   ", "Movie night"],
  ["title", long(201), long(200)],
  ["description", long(5001), long(5000)],
  // a user sets no status but "cancelled" (migration 20260115): the domain's check still comes first
  ["status", "paused", "cancelled"],
  ["media_url", "ftp://example.com/film", "https://example.com/film"],
  ["media_url", `https://${long(2041)}`, `https://${long(2040)}`],
  ["thumbnail_url", "javascript:alert(1)", "http://example.com/poster.jpg"],
  ["media_provider", "myspace", "youtube"],
];

const valueOf = async (column: string) =>
  (await db.pool.query(`select ${column} as value from public.habitat_watch_parties where id = $1`, [party])).rows[0];

describe("a watch party's columns", () => {
  it.each(RULES)("%s: a bad value is refused when the party is scheduled", async (column, bad, good) => {
    const schedule = (value: string) => {
      const row: Record<string, string> = { title: "A party", [column]: value };
      const names = Object.keys(row);
      return query(
        db.pool,
        asUser(owner),
        `insert into public.habitat_watch_parties (habitat_id, created_by, scheduled_start, ${names.join(", ")})
         values ($1, $2, now() + interval '1 day', ${names.map((_, i) => `$${i + 3}`).join(", ")}) returning id`,
        [habitat, owner, ...Object.values(row)],
      );
    };
    expect((await pgError(schedule(bad))).code).toBe("23514");
    expect(await schedule(good)).toHaveLength(1);
  });

  it.each(RULES)("%s: a bad value is refused when the party is edited, and the party is unchanged", async (column, bad, good) => {
    const before = await valueOf(column);
    const edit = (value: string) =>
      query(db.pool, asUser(owner), `update public.habitat_watch_parties set ${column} = $2 where id = $1 returning id`, [party, value]);
    expect((await pgError(edit(bad))).code).toBe("23514");
    expect(await valueOf(column)).toEqual(before);
    expect(await edit(good)).toHaveLength(1);
  });

  it("joins and leaves keep the count of a party at the edge of every rule", async () => {
    const member = await f.user("member");
    const edgy = await f.party(await f.habitat(owner, { member: [member] }), { createdBy: owner });
    await db.pool.query(
      `update public.habitat_watch_parties set title = $2, description = $3, media_url = $4, media_provider = 'direct', thumbnail_url = $4 where id = $1`,
      [edgy, long(200), long(5000), `https://${long(2040)}`],
    );
    await f.join(member, edgy);
    await f.join(owner, edgy);
    await f.leave(member, edgy);
    expect(await f.count(edgy)).toBe(1);
  });

  it("the schedule must end after it starts", async () => {
    const error = await pgError(
      query(db.pool, asUser(owner), "update public.habitat_watch_parties set scheduled_end = scheduled_start where id = $1", [party]),
    );
    expect(error.code).toBe("23514");
  });
});
