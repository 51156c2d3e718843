// A habitat's members, live (supabase/migrations/20260121000000_live_habitat_members.sql): joining
// by an invite link, a role change, leaving, a removal and a succession are broadcast to the
// habitat's private topic habitat:<id> as member_changed; an update that changes no role, and the
// habitat's own deletion, broadcast nothing; who hears the topic follows the membership; the rollback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, asUser, freshDatabase, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { rollBack } from "./helpers/rollback";
import { Fixtures } from "./helpers/fixtures";
import { realtimeAllows, roomBroadcasts, utcNow } from "./helpers/realtime";

const VERSION = "20260121000000";

let db: TestDatabase;
let f: Fixtures;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db?.close());

interface MemberChanged {
  habitatId: string;
  userId: string;
  role: string | null;
  operation: string;
}

/** What habitat:<id> heard since `since`: member_changed payloads, oldest first. */
async function heard(habitat: string, since: string): Promise<MemberChanged[]> {
  const messages = await roomBroadcasts(db.pool, `habitat:${habitat}`, since);
  expect(messages.every((m) => m.private)).toBe(true);
  return messages
    .filter((m) => m.event === "member_changed")
    .map(({ payload: { habitatId, userId, role, operation } }) => ({ habitatId, userId, role, operation }) as MemberChanged);
}

const hears = async (userId: string, habitat: string) => realtimeAllows(db.pool, asUser(userId), `habitat:${habitat}`, "read broadcast");

describe("what a habitat's topic hears of its members", () => {
  it("someone joining by an invite link, as themselves, and then hearing the habitat", async () => {
    const [owner, newcomer] = await f.users(2, "link");
    const habitat = await f.habitat(owner!);
    const [link] = await query<{ token: string }>(db.pool, asUser(owner!), "select token from public.create_habitat_invite_link($1)", [
      habitat,
    ]);
    expect(await hears(newcomer!, habitat)).toBe(false);
    const since = await utcNow(db.pool);
    await query(db.pool, asUser(newcomer!), "select public.accept_habitat_invite_link($1)", [link!.token]);
    expect(await heard(habitat, since)).toEqual([{ habitatId: habitat, userId: newcomer, role: "member", operation: "INSERT" }]);
    expect(await hears(newcomer!, habitat)).toBe(true);
  });

  it("a role change; an update that leaves the role alone says nothing", async () => {
    const [owner, member] = await f.users(2, "role");
    const habitat = await f.habitat(owner!, { member: [member!] });
    const since = await utcNow(db.pool);
    const setRole = (role: string) =>
      query(db.pool, asUser(owner!), "update public.habitat_members set role = $3 where habitat_id = $1 and user_id = $2", [
        habitat,
        member!,
        role,
      ]);
    await setRole("moderator");
    await setRole("moderator");
    await db.pool.query("update public.habitat_members set joined_at = joined_at where habitat_id = $1", [habitat]);
    expect(await heard(habitat, since)).toEqual([{ habitatId: habitat, userId: member, role: "moderator", operation: "UPDATE" }]);
  });

  it("leaving and a removal: the one who went stops hearing the habitat", async () => {
    const [owner, leaver, removed] = await f.users(3, "going");
    const habitat = await f.habitat(owner!, { member: [leaver!, removed!] });
    const since = await utcNow(db.pool);
    await query(db.pool, asUser(leaver!), "delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, leaver!]);
    await query(db.pool, asUser(owner!), "delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, removed!]);
    expect(await heard(habitat, since)).toEqual([
      { habitatId: habitat, userId: leaver, role: null, operation: "DELETE" },
      { habitatId: habitat, userId: removed, role: null, operation: "DELETE" },
    ]);
    expect(await hears(leaver!, habitat)).toBe(false);
    expect(await hears(removed!, habitat)).toBe(false);
    expect(await hears(owner!, habitat)).toBe(true);
  });

  it("the last owner's account deleted: the owner goes, the successor becomes owner", async () => {
    const [owner, moderator] = await f.users(2, "succession");
    const habitat = await f.habitat(owner!, { moderator: [moderator!] });
    const since = await utcNow(db.pool);
    await db.pool.query("delete from auth.users where id = $1", [owner]);
    expect(await heard(habitat, since)).toEqual([
      { habitatId: habitat, userId: owner, role: null, operation: "DELETE" },
      { habitatId: habitat, userId: moderator, role: "owner", operation: "UPDATE" },
    ]);
  });

  it("a habitat's deletion takes its members silently", async () => {
    const [owner, member] = await f.users(2, "deleted");
    const habitat = await f.habitat(owner!, { member: [member!] });
    const since = await utcNow(db.pool);
    await query(db.pool, asUser(owner!), "delete from public.habitats where id = $1", [habitat]);
    expect(await heard(habitat, since)).toEqual([]);
  });

  it("nobody outside hears it: anon, a stranger and an ex-member are refused the topic", async () => {
    const [owner, stranger, exMember] = await f.users(3, "outside");
    const habitat = await f.habitat(owner!, { member: [exMember!] });
    await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, exMember]);
    expect(await realtimeAllows(db.pool, anon, `habitat:${habitat}`, "read broadcast")).toBe(false);
    expect(await hears(stranger!, habitat)).toBe(false);
    expect(await hears(exMember!, habitat)).toBe(false);
    // and nobody sends on it
    expect(await realtimeAllows(db.pool, asUser(owner!), `habitat:${habitat}`, "send broadcast")).toBe(false);
  });
});

describe("rollback", () => {
  it(`supabase/rollbacks/${VERSION}_live_habitat_members.sql returns the catalog to the previous migration's, and runs twice`, async () => {
    const { rolledBack, before } = await rollBack(`${VERSION}_live_habitat_members.sql`, VERSION, "tpl_before_live_habitat_members");
    expect(rolledBack).toEqual(before);
  });
});
