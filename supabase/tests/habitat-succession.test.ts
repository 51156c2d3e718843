// A habitat keeps an owner when its last owner's account is deleted
// (supabase/migrations/20260120000000_habitat_succession.sql): the earliest moderator, else the
// earliest member, becomes owner; a habitat nobody is left in is deleted; nothing happens while
// another owner remains, when a member's account goes, or when an owner merely leaves; two owners'
// accounts deleted at once leave exactly one successor. Nobody can set it off but an account's
// deletion, and the rollback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, asUser, freshDatabase, pgError, query, serviceRole, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { rollBack } from "./helpers/rollback";
import { Fixtures } from "./helpers/fixtures";
import { waitForBlockedBackends } from "./helpers/realtime";

const VERSION = "20260120000000";

let db: TestDatabase;
let f: Fixtures;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db?.close());

type Roles = Record<string, string>;

/** Each member's role in `habitat`, by user id. */
async function roles(habitat: string): Promise<Roles> {
  const { rows } = await db.pool.query<{ user_id: string; role: string }>(
    "select user_id, role from public.habitat_members where habitat_id = $1",
    [habitat],
  );
  return Object.fromEntries(rows.map((r) => [r.user_id, r.role]));
}

/** Who joined when: `order` earliest first, a minute apart. */
async function joinedInOrder(habitat: string, order: string[]): Promise<void> {
  for (const [i, userId] of order.entries()) {
    await db.pool.query(
      "update public.habitat_members set joined_at = now() - make_interval(mins => $3) where habitat_id = $1 and user_id = $2",
      [habitat, userId, order.length - i],
    );
  }
}

const deleteAccount = (userId: string) => db.pool.query("delete from auth.users where id = $1", [userId]);

describe("the last owner's account is deleted", () => {
  it("the moderator who joined first becomes owner, before any member who joined earlier; nobody else changes", async () => {
    const [owner, earlyMember, firstModerator, laterModerator] = await f.users(4, "succession");
    const habitat = await f.habitat(owner!, { member: [earlyMember!], moderator: [firstModerator!, laterModerator!] });
    await joinedInOrder(habitat, [owner!, earlyMember!, firstModerator!, laterModerator!]);
    await deleteAccount(owner!);
    expect(await roles(habitat)).toEqual({ [earlyMember!]: "member", [firstModerator!]: "owner", [laterModerator!]: "moderator" });
  });

  it("without moderators, the member who joined first", async () => {
    const [owner, first, second] = await f.users(3, "members");
    const habitat = await f.habitat(owner!, { member: [second!, first!] });
    await joinedInOrder(habitat, [owner!, first!, second!]);
    await deleteAccount(owner!);
    expect(await roles(habitat)).toEqual({ [first!]: "owner", [second!]: "member" });
    // the new owner can do what owners do: here, make someone a moderator
    await query(db.pool, asUser(first!), "update public.habitat_members set role = 'moderator' where habitat_id = $1 and user_id = $2", [
      habitat,
      second!,
    ]);
    expect((await roles(habitat))[second!]).toBe("moderator");
  });

  it("nobody left: the habitat goes, with its parties", async () => {
    const owner = await f.user("alone");
    const habitat = await f.habitat(owner);
    const party = await f.party(habitat);
    await deleteAccount(owner);
    expect((await db.pool.query("select 1 from public.habitats where id = $1", [habitat])).rowCount).toBe(0);
    expect((await db.pool.query("select 1 from public.habitat_watch_parties where id = $1", [party])).rowCount).toBe(0);
  });
});

describe("nothing passes on", () => {
  it("while another owner remains", async () => {
    const [owner, coOwner, moderator] = await f.users(3, "co-owned");
    const habitat = await f.habitat(owner!, { owner: [coOwner!], moderator: [moderator!] });
    await deleteAccount(owner!);
    expect(await roles(habitat)).toEqual({ [coOwner!]: "owner", [moderator!]: "moderator" });
  });

  it("when a member's or a moderator's account is deleted", async () => {
    const [owner, moderator, member] = await f.users(3, "others");
    const habitat = await f.habitat(owner!, { moderator: [moderator!], member: [member!] });
    await deleteAccount(member!);
    await deleteAccount(moderator!);
    expect(await roles(habitat)).toEqual({ [owner!]: "owner" });
  });

  it("when an owner leaves: the last owner still may not, and a co-owner's leaving promotes nobody", async () => {
    const [owner, coOwner, member] = await f.users(3, "leaving");
    const habitat = await f.habitat(owner!, { owner: [coOwner!], member: [member!] });
    const leave = (userId: string) =>
      query(db.pool, asUser(userId), "delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, userId]);
    await leave(coOwner!);
    expect(await roles(habitat)).toEqual({ [owner!]: "owner", [member!]: "member" });
    expect((await pgError(leave(owner!))).code).toBe("PT409");
    expect(await roles(habitat)).toEqual({ [owner!]: "owner", [member!]: "member" });
  });
});

describe("races and reach", () => {
  it("race: both owners' accounts deleted at once leave exactly one owner, the earliest moderator", async () => {
    const [a, b, firstModerator, laterModerator, member] = await f.users(5, "race");
    const habitat = await f.habitat(a!, { owner: [b!], moderator: [firstModerator!, laterModerator!], member: [member!] });
    await joinedInOrder(habitat, [a!, b!, member!, firstModerator!, laterModerator!]);
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      await first.query("begin");
      await first.query("delete from auth.users where id = $1", [a]);
      await second.query("begin");
      const racing = second.query("delete from auth.users where id = $1", [b]);
      await waitForBlockedBackends(db.pool, 1);
      await first.query("commit");
      await racing;
      await second.query("commit");
    } finally {
      first.release();
      second.release();
    }
    expect(await roles(habitat)).toEqual({ [firstModerator!]: "owner", [laterModerator!]: "moderator", [member!]: "member" });
  });

  it("no caller runs the trigger's function: anon, a signed-in user and the service role are refused (a trigger function runs only as a trigger)", async () => {
    const user = await f.user("caller");
    for (const caller of [anon, asUser(user), serviceRole]) {
      const error = await pgError(query(db.pool, caller, "select private.pass_on_habitat_ownership()"));
      expect(error.code).toBe("0A000");
    }
  });
});

describe("rollback", () => {
  it(`supabase/rollbacks/${VERSION}_habitat_succession.sql returns the catalog to the previous migration's, and runs twice`, async () => {
    const { rolledBack, before } = await rollBack(`${VERSION}_habitat_succession.sql`, VERSION, "tpl_before_habitat_succession");
    expect(rolledBack).toEqual(before);
  });
});
