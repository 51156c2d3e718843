// Races of membership, on real concurrent connections: each race holds one transaction open at the
// point that matters, starts the other, waits until Postgres reports it blocked on a lock, then
// lets the first commit; and a crowd of simultaneous callers for the counting ones. Nobody ever
// becomes a member through a used-up, revoked or deleted invitation, a habitat always keeps an
// owner, quotas hold, and nothing deadlocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, freshDatabase, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Communities, OpenTransaction, outcome, waitingForLock } from "./helpers/communities";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;
let c: Communities;

beforeAll(async () => {
  db = await freshDatabase("tpl_full", 40);
  f = new Fixtures(db.pool);
  c = new Communities(db.pool);
});
afterAll(async () => db?.close());

const ACCEPT_LINK = "select public.accept_habitat_invite_link($1)";

/**
 * `first` runs in a transaction held open; `second` starts on another connection and must block on
 * a lock; then the first commits. Returns the second's outcome (a SQLSTATE, or "ok").
 */
async function race(
  first: { as: string; sql: string; params: unknown[] },
  second: { as: string; sql: string; params: unknown[] },
): Promise<string> {
  const one = await OpenTransaction.begin(db.pool, asUser(first.as));
  await one.run(first.sql, first.params);
  const two = await OpenTransaction.begin(db.pool, asUser(second.as));
  const pending = outcome(two.run(second.sql, second.params));
  await waitingForLock(db.pool, two.pid);
  await one.commit();
  const result = await pending;
  await (result === "ok" ? two.commit() : two.rollback());
  return result;
}

async function habitatWithOwner(): Promise<{ owner: string; habitat: string }> {
  const owner = await f.user("owner");
  return { owner, habitat: await f.habitat(owner) };
}

describe("accepting invitations at the same moment", () => {
  it("two people accept a one-use link: the first joins, the second is told it is used up", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const link = await c.inviteLink(owner, habitat, { maxUses: 1 });
    const [first, second] = [await f.user("first"), await f.user("second")];
    expect(await race({ as: first, sql: ACCEPT_LINK, params: [link.token] }, { as: second, sql: ACCEPT_LINK, params: [link.token] })).toBe(
      "PT410",
    );
    expect(await c.roleOf(habitat, first)).toBe("member");
    expect(await c.roleOf(habitat, second)).toBeNull();
    expect(await c.invitation(link.id)).toEqual({ status: "pending", use_count: 1 });
  });

  it("24 people accept a 5-use link at once: exactly 5 join, the rest are told it is used up", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const link = await c.inviteLink(owner, habitat, { maxUses: 5 });
    const crowd = await f.users(24, "crowd");
    const outcomes = await Promise.all(crowd.map((user) => outcome(c.acceptLink(user, link.token))));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);
    expect(outcomes.filter((o) => o !== "ok")).toEqual(Array(19).fill("PT410"));
    const { rows } = await db.pool.query(
      "select count(*)::int as n from public.habitat_members where habitat_id = $1 and role = 'member'",
      [habitat],
    );
    expect(rows[0].n).toBe(5);
    expect(await c.invitation(link.id)).toEqual({ status: "pending", use_count: 5 });
  });

  it("the same person accepting twice at once joins once and uses the link once", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const link = await c.inviteLink(owner, habitat, { maxUses: 3 });
    const user = await f.user("double-click");
    expect(await race({ as: user, sql: ACCEPT_LINK, params: [link.token] }, { as: user, sql: ACCEPT_LINK, params: [link.token] })).toBe(
      "ok",
    );
    expect(await c.invitation(link.id)).toEqual({ status: "pending", use_count: 1 });
  });
});

describe("accepting while the invitation is revoked", () => {
  it("a revocation that commits first wins: the acceptance waiting for it is refused", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const link = await c.inviteLink(owner, habitat);
    const user = await f.user("late");
    expect(
      await race(
        { as: owner, sql: "select public.revoke_habitat_invitation($1)", params: [link.id] },
        { as: user, sql: ACCEPT_LINK, params: [link.token] },
      ),
    ).toBe("PT410");
    expect(await c.roleOf(habitat, user)).toBeNull();
  });

  it("an acceptance that commits first wins: the revocation waiting for it says the invitation was accepted", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const email = `quick-${Date.now()}@example.com`;
    const user = await c.userWithEmail(email);
    const invitation = await c.inviteByEmail(owner, habitat, email);
    expect(
      await race(
        { as: user, sql: "select public.accept_habitat_invitation($1)", params: [invitation] },
        { as: owner, sql: "select public.revoke_habitat_invitation($1)", params: [invitation] },
      ),
    ).toBe("PT409");
    expect(await c.roleOf(habitat, user)).toBe("member");
    expect(await c.invitation(invitation)).toMatchObject({ status: "accepted" });
  });

  it("a decline and an acceptance of the same invitation: the first to commit decides", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const email = `torn-${Date.now()}@example.com`;
    const user = await c.userWithEmail(email);
    const invitation = await c.inviteByEmail(owner, habitat, email);
    expect(
      await race(
        { as: user, sql: "select public.decline_habitat_invitation($1)", params: [invitation] },
        { as: user, sql: "select public.accept_habitat_invitation($1)", params: [invitation] },
      ),
    ).toBe("PT410");
    expect(await c.roleOf(habitat, user)).toBeNull();
  });
});

describe("accepting while the habitat is deleted", () => {
  it("a deletion that commits first wins: the waiting acceptance finds no invitation, and nobody is a member of nothing", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const link = await c.inviteLink(owner, habitat);
    const user = await f.user("too-late");
    expect(
      await race(
        { as: owner, sql: "delete from public.habitats where id = $1", params: [habitat] },
        { as: user, sql: ACCEPT_LINK, params: [link.token] },
      ),
    ).toBe("PT404");
    expect((await db.pool.query("select 1 from public.habitat_members where habitat_id = $1", [habitat])).rowCount).toBe(0);
  });

  it("an acceptance that commits first wins: the deletion waits for it and takes the new member with the habitat", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const link = await c.inviteLink(owner, habitat);
    const user = await f.user("just-in-time");
    expect(
      await race(
        { as: user, sql: ACCEPT_LINK, params: [link.token] },
        { as: owner, sql: "delete from public.habitats where id = $1", params: [habitat] },
      ),
    ).toBe("ok");
    expect((await db.pool.query("select 1 from public.habitats where id = $1", [habitat])).rowCount).toBe(0);
    expect(await c.roleOf(habitat, user)).toBeNull();
  });

  it("20 rounds of acceptances and deletions started together: only 'joined' or 'no longer exists', never a deadlock", async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const { owner, habitat } = await habitatWithOwner();
      const link = await c.inviteLink(owner, habitat);
      const users = await f.users(3, `round${round}-`);
      const results = await Promise.all([
        ...users.map((user) => outcome(c.acceptLink(user, link.token))),
        outcome(query(db.pool, asUser(owner), "delete from public.habitats where id = $1", [habitat])),
      ]);
      results.forEach((r) => seen.add(r));
      expect(results.at(-1)).toBe("ok");
      expect((await db.pool.query("select 1 from public.habitat_members where habitat_id = $1", [habitat])).rowCount).toBe(0);
    }
    expect(
      [...seen].every((r) => r === "ok" || r === "PT404"),
      [...seen].join(", "),
    ).toBe(true);
  });
});

describe("owners leaving at the same moment", () => {
  it("two owners leave at once: one goes, the other is told the habitat needs an owner", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const second = await f.user("second owner");
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'owner')", [habitat, second]);
    const leave = "delete from public.habitat_members where habitat_id = $1 and user_id = auth.uid()";
    expect(await race({ as: owner, sql: leave, params: [habitat] }, { as: second, sql: leave, params: [habitat] })).toBe("PT409");
    expect(await c.roleOf(habitat, owner)).toBeNull();
    expect(await c.roleOf(habitat, second)).toBe("owner");
  });

  it("an owner leaves while another deletes the habitat, in either order: no deadlock, no owner-less habitat", async () => {
    for (const leaverFirst of [true, false]) {
      const { owner, habitat } = await habitatWithOwner();
      const second = await f.user("second owner");
      await db.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'owner')", [habitat, second]);
      const leave = {
        as: second,
        sql: "delete from public.habitat_members where habitat_id = $1 and user_id = auth.uid()",
        params: [habitat],
      };
      const drop = { as: owner, sql: "delete from public.habitats where id = $1", params: [habitat] };
      expect(await race(leaverFirst ? leave : drop, leaverFirst ? drop : leave)).toBe("ok");
      expect((await db.pool.query("select 1 from public.habitats where id = $1", [habitat])).rowCount).toBe(0);
      expect((await db.pool.query("select 1 from public.habitat_members where habitat_id = $1", [habitat])).rowCount).toBe(0);
    }
  });

  it("an owner hands ownership over while the new owner leaves: the habitat ends with an owner", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const member = await f.user("member");
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [habitat, member]);
    const results = await Promise.all([
      outcome(
        (async () => {
          await c.setRole(owner, habitat, member, "owner");
          await c.removeMember(owner, habitat, owner);
        })(),
      ),
      outcome(c.removeMember(member, habitat, member)),
    ]);
    const { rows } = await db.pool.query("select count(*)::int as n from public.habitat_members where habitat_id = $1 and role = 'owner'", [
      habitat,
    ]);
    expect(rows[0].n, results.join(", ")).toBeGreaterThanOrEqual(1);
  });
});

describe("quotas under concurrency", () => {
  it("six habitats founded at once by someone who owns 7: exactly three succeed", async () => {
    const founder = await f.user("founder");
    for (let i = 0; i < 7; i++)
      await query(db.pool, asUser(founder), "insert into public.habitats (name, created_by) values ($1, auth.uid())", [`Own ${i}`]);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        outcome(query(db.pool, asUser(founder), "insert into public.habitats (name, created_by) values ($1, auth.uid())", [`Race ${i}`])),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(3);
    expect(results.filter((r) => r !== "ok")).toEqual(["PT429", "PT429", "PT429"]);
  });

  it("the same address invited by five moderators at once: one invitation", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const moderators = await f.users(5, "moderator");
    for (const moderator of moderators)
      await db.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'moderator')", [
        habitat,
        moderator,
      ]);
    const ids = await Promise.all([owner, ...moderators].map((caller) => c.inviteByEmail(caller, habitat, "popular@example.com")));
    expect(new Set(ids).size).toBe(1);
  });

  it("60 invitations sent at once to a habitat with none: exactly 50 are open", async () => {
    const { owner, habitat } = await habitatWithOwner();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => outcome(c.inviteByEmail(owner, habitat, `guest${i}@example.com`))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(50);
    expect(results.filter((r) => r !== "ok")).toEqual(Array(10).fill("PT429"));
  });
});
