import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asUser, freshDatabase, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;
let owner: string, a: string, b: string, c: string;
let habitat: string, party: string, secondParty: string;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db.close());

beforeEach(async () => {
  [owner, a, b, c] = [await f.user("owner"), await f.user("a"), await f.user("b"), await f.user("c")];
  habitat = await f.habitat(owner, { member: [a, b, c] });
  party = await f.party(habitat);
  secondParty = await f.party(habitat);
  for (const u of [a, b, c]) await f.join(u, party);
  for (const u of [b, a]) await f.join(u, secondParty);
});

describe("deletions that cascade keep every invariant", () => {
  it("a deleted user leaves every party; the next joiner takes over where they hosted", async () => {
    await db.pool.query("delete from auth.users where id = $1", [a]);
    expect((await f.participants(party)).map((p) => p.user_id)).toEqual([b, c]);
    expect(await f.host(party)).toBe(b);
    expect(await f.count(party)).toBe(2);
    expect((await f.participants(secondParty)).map((p) => p.user_id)).toEqual([b]);
    expect(await f.host(secondParty)).toBe(b);
    expect(await f.count(secondParty)).toBe(1);
    expect(await f.health()).toEqual([]);
  });

  it("a deleted party takes its participants with it", async () => {
    await db.pool.query("delete from public.habitat_watch_parties where id = $1", [party]);
    expect(await f.participants(party)).toEqual([]);
    expect(await f.count(secondParty)).toBe(2);
    expect(await f.health()).toEqual([]);
  });

  it("a party someone joined is not deleted through RLS, not even by a moderator; once its participants left, it is", async () => {
    const moderator = await f.user("moderator");
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'moderator')", [
      habitat,
      moderator,
    ]);
    const remove = () => query(db.pool, asUser(moderator), "delete from public.habitat_watch_parties where id = $1 returning id", [party]);
    expect(await remove()).toEqual([]);
    expect(await f.count(party)).toBe(3);
    for (const u of [a, b, c]) await f.leave(u, party);
    expect(await remove()).toHaveLength(1);
    expect(await f.participants(party)).toEqual([]);
    expect(await f.health()).toEqual([]);
  });

  it("a deleted habitat removes its parties and their participants", async () => {
    await db.pool.query("delete from public.habitats where id = $1", [habitat]);
    expect(await f.participants(party)).toEqual([]);
    expect(await f.participants(secondParty)).toEqual([]);
    expect(await f.health()).toEqual([]);
  });
});

describe("leaving a habitat", () => {
  it("a member who leaves the habitat stops participating in its parties, and hosting passes on", async () => {
    const rows = await query(
      db.pool,
      asUser(a),
      "delete from public.habitat_members where habitat_id = $1 and user_id = $2 returning user_id",
      [habitat, a],
    );
    expect(rows).toHaveLength(1);
    expect((await f.participants(party)).map((p) => p.user_id)).toEqual([b, c]);
    expect(await f.host(party)).toBe(b);
    expect((await f.participants(secondParty)).map((p) => p.user_id)).toEqual([b]);
    expect(await f.count(party)).toBe(2);
    expect(await f.health()).toEqual([]);
  });

  it("a member removed by the owner stops participating too", async () => {
    await query(db.pool, asUser(owner), "delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, c]);
    expect((await f.participants(party)).map((p) => p.user_id)).toEqual([a, b]);
    expect(await f.health()).toEqual([]);
  });

  it("leaving one habitat does not touch participation in another", async () => {
    const other = await f.habitat(owner, { member: [a] });
    const otherParty = await f.party(other);
    await f.join(a, otherParty);
    await query(db.pool, asUser(a), "delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, a]);
    expect((await f.participants(otherParty)).map((p) => p.user_id)).toEqual([a]);
    expect(await f.host(otherParty)).toBe(a);
  });

  it("a former member can no longer see or join the habitat's parties", async () => {
    await query(db.pool, asUser(owner), "delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, c]);
    expect(await query(db.pool, asUser(c), "select * from public.stream_participants")).toEqual([]);
    await expect(f.join(c, party)).rejects.toMatchObject({ code: "42501" });
  });
});
