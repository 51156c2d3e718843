// Communities a newcomer can start and grow: invitations by email address and by link that grant
// nothing until accepted, leaving and removal, roles that change only downward, a habitat that
// always keeps an owner, the founding quota, and parties that their creator (while a member), their
// host and the habitat's owners and moderators edit, reschedule, cancel and (before anyone joined)
// delete. Per caller: anon, stranger, invitee, member, moderator, owner, ex-member.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, asUser, freshDatabase, pgError, query, serviceRole, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { catalogSnapshot } from "./helpers/catalog";
import { Communities } from "./helpers/communities";
import { COMMUNITIES_VERSION, ROLLBACKS_DIR } from "./helpers/constants";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;
let c: Communities;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
  c = new Communities(db.pool);
});
afterAll(async () => db?.close());

interface World {
  owner: string;
  moderator: string;
  member: string;
  stranger: string;
  exMember: string;
  invitee: string;
  inviteeEmail: string;
  habitat: string;
  /** created by `member`, who joined it */
  party: string;
  /** created by `exMember` before they left */
  exMembersParty: string;
  /** the pending email invitation to `invitee` */
  invitation: string;
}

/** A habitat with one of each caller, built through the same steps the app takes. */
async function world(): Promise<World> {
  const [owner, moderator, member, stranger, exMember] = await Promise.all(
    ["owner", "moderator", "member", "stranger", "ex-member"].map((n) => f.user(n)),
  );
  const habitat = await f.habitat(owner!, { moderator: [moderator!], member: [member!, exMember!] });
  await f.habitat(stranger!);
  const party = await f.party(habitat, { createdBy: member! });
  await f.join(member!, party);
  const exMembersParty = await f.party(habitat, { createdBy: exMember! });
  expect(await c.removeMember(exMember!, habitat, exMember!)).toBe(1);
  const inviteeEmail = `invitee-${randomUUID().slice(0, 8)}@example.com`;
  const invitee = await c.userWithEmail(inviteeEmail);
  const invitation = await c.inviteByEmail(owner!, habitat, inviteeEmail);
  return {
    owner: owner!,
    moderator: moderator!,
    member: member!,
    stranger: stranger!,
    exMember: exMember!,
    invitee,
    inviteeEmail,
    habitat,
    party,
    exMembersParty,
    invitation,
  };
}

const code = async (promise: Promise<unknown>) => (await pgError(promise)).code;

describe("invitations by email address", () => {
  it("owners and moderators invite; a member, the invitee, a stranger, an ex-member and anon cannot", async () => {
    const w = await world();
    expect(await c.inviteByEmail(w.owner, w.habitat, "by-owner@example.com")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await c.inviteByEmail(w.moderator, w.habitat, "by-moderator@example.com")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await code(c.inviteByEmail(w.member, w.habitat, "x@example.com"))).toBe("42501");
    for (const outsider of [w.invitee, w.stranger, w.exMember]) {
      // not a member: the habitat is not theirs to know of
      expect(await code(c.inviteByEmail(outsider, w.habitat, "x@example.com"))).toBe("PT404");
    }
    expect(await code(query(db.pool, anon, "select public.invite_to_habitat($1, 'x@example.com')", [w.habitat]))).toBe("42501");
    const { rows } = await db.pool.query("select email from public.habitat_invitations where habitat_id = $1 order by email", [w.habitat]);
    expect(rows.map((r) => r.email)).toEqual(["by-moderator@example.com", "by-owner@example.com", w.inviteeEmail]);
  });

  it("inviting a pending address again (in any case, with blanks) returns the same invitation; a bad address is refused", async () => {
    const w = await world();
    expect(await c.inviteByEmail(w.owner, w.habitat, `  ${w.inviteeEmail.toUpperCase()} `)).toBe(w.invitation);
    for (const bad of [
      "",
      "   ",
      "no-at-sign",
      "two@@example.com",
      "a@b",
      "x y@example.com",
      `${"a".repeat(250)}@example.com`,
      "a@example.com'; drop table habitats; --",
    ]) {
      expect(await code(c.inviteByEmail(w.owner, w.habitat, bad)), bad).toBe("22023");
    }
    expect(
      (await db.pool.query("select count(*)::int as n from public.habitat_invitations where habitat_id = $1", [w.habitat])).rows[0].n,
    ).toBe(1);
  });

  it("a pending invitation grants nothing: no habitat, member, profile, party, participant or live channel", async () => {
    const w = await world();
    const invitee = asUser(w.invitee);
    const reads: Array<[string, unknown[]]> = [
      ["select id from public.habitats", []],
      ["select user_id from public.habitat_members", []],
      ["select id from public.profiles where id <> auth.uid()", []],
      ["select id from public.habitat_watch_parties", []],
      ["select id from public.streams_with_participants", []],
      ["select id from public.upcoming_watch_parties", []],
      ["select user_id from public.stream_participants", []],
      ["select * from public.get_stream_participants($1)", [w.party]],
      ["select * from public.get_habitat_members($1)", [w.habitat]],
      ["select id from public.habitat_invitations", []],
    ];
    for (const [sql, params] of reads) expect(await query(db.pool, invitee, sql, params), sql).toEqual([]);
    for (const topic of [`habitat:${w.habitat}`, `party:${w.party}`]) {
      expect(await query(db.pool, invitee, "select private.can_hear_topic($1) as hears", [topic]), topic).toEqual([{ hears: false }]);
    }
    expect(await code(f.join(w.invitee, w.party))).toBe("42501");
  });

  it("the invitee's list names the habitat and nothing else; nobody else sees the invitation there", async () => {
    const w = await world();
    const [habitatName] = (await db.pool.query<{ name: string }>("select name from public.habitats where id = $1", [w.habitat])).rows.map(
      (r) => r.name,
    );
    expect(await c.myInvitations(asUser(w.invitee))).toEqual([
      { invitation_id: w.invitation, habitat_id: w.habitat, habitat_name: habitatName },
    ]);
    for (const other of [w.owner, w.moderator, w.member, w.stranger, w.exMember]) expect(await c.myInvitations(asUser(other))).toEqual([]);
    expect(await code(c.myInvitations(anon))).toBe("42501");
    expect(await c.myInvitations(serviceRole)).toEqual([]);
  });

  it("an account that signs up later with the invited address finds the invitation; an unconfirmed one does not", async () => {
    const w = await world();
    const later = `later-${randomUUID().slice(0, 8)}@example.com`;
    const invitation = await c.inviteByEmail(w.owner, w.habitat, later);
    const unconfirmed = await c.userWithEmail(later.toUpperCase(), false);
    expect(await c.myInvitations(asUser(unconfirmed))).toEqual([]);
    expect(await code(c.accept(unconfirmed, invitation))).toBe("PT404");
    await db.pool.query("delete from auth.users where id = $1", [unconfirmed]);
    const newcomer = await c.userWithEmail(later);
    expect((await c.myInvitations(asUser(newcomer))).map((i) => i.invitation_id)).toEqual([invitation]);
  });

  it("accepting makes the invitee a member who sees the habitat, its members and parties, and joins a party", async () => {
    const w = await world();
    expect(await c.accept(w.invitee, w.invitation)).toBe(w.habitat);
    expect(await c.roleOf(w.habitat, w.invitee)).toBe("member");
    expect(await c.invitation(w.invitation)).toEqual({ status: "accepted", use_count: 1 });
    const invitee = asUser(w.invitee);
    expect(await query(db.pool, invitee, "select id from public.habitats")).toEqual([{ id: w.habitat }]);
    expect(
      (await query(db.pool, invitee, "select user_id from public.get_habitat_members($1)", [w.habitat])).map((r) => r.user_id),
    ).toContain(w.owner);
    expect((await query(db.pool, invitee, "select id from public.profiles")).length).toBe(4);
    expect((await f.join(w.invitee, w.party)).is_host).toBe(false);
    expect(await c.myInvitations(invitee)).toEqual([]);
    // accepting again (a double click) is the same success
    expect(await c.accept(w.invitee, w.invitation)).toBe(w.habitat);
  });

  it("declining takes the invitation off the list; accepting it afterwards is refused; declining twice changes nothing", async () => {
    const w = await world();
    await c.decline(w.invitee, w.invitation);
    await c.decline(w.invitee, w.invitation);
    expect(await c.invitation(w.invitation)).toMatchObject({ status: "declined" });
    expect(await c.myInvitations(asUser(w.invitee))).toEqual([]);
    expect(await code(c.accept(w.invitee, w.invitation))).toBe("PT410");
    expect(await c.roleOf(w.habitat, w.invitee)).toBeNull();
  });

  it("only the addressee accepts or declines: for anyone else the invitation does not exist", async () => {
    const w = await world();
    for (const other of [w.owner, w.moderator, w.member, w.stranger, w.exMember]) {
      expect(await code(c.accept(other, w.invitation)), "accept").toBe("PT404");
      expect(await code(c.decline(other, w.invitation)), "decline").toBe("PT404");
    }
    expect(await code(query(db.pool, anon, "select public.accept_habitat_invitation($1)", [w.invitation]))).toBe("42501");
    expect(await code(c.accept(w.invitee, randomUUID()))).toBe("PT404");
    expect(await c.invitation(w.invitation)).toEqual({ status: "pending", use_count: 0 });
  });

  it("owners and moderators revoke; nobody else can; a revoked invitation is not accepted; an accepted one is not revoked", async () => {
    const w = await world();
    for (const other of [w.member, w.invitee, w.stranger, w.exMember]) expect(await code(c.revoke(other, w.invitation))).toBe("PT404");
    await c.revoke(w.moderator, w.invitation);
    await c.revoke(w.owner, w.invitation);
    expect(await c.invitation(w.invitation)).toMatchObject({ status: "revoked" });
    expect(await c.myInvitations(asUser(w.invitee))).toEqual([]);
    expect(await code(c.accept(w.invitee, w.invitation))).toBe("PT410");

    const again = await c.inviteByEmail(w.owner, w.habitat, w.inviteeEmail);
    expect(again).not.toBe(w.invitation);
    await c.accept(w.invitee, again);
    expect(await code(c.revoke(w.owner, again))).toBe("PT409");
  });

  it("owners and moderators list their habitat's invitations, never a link's token hash; nobody else lists any", async () => {
    const w = await world();
    await c.inviteLink(w.owner, w.habitat);
    const list = (caller: string) =>
      query<{ kind: string }>(db.pool, asUser(caller), "select kind from public.habitat_invitations where habitat_id = $1 order by kind", [
        w.habitat,
      ]);
    expect(await list(w.owner)).toEqual([{ kind: "email" }, { kind: "link" }]);
    expect(await list(w.moderator)).toEqual([{ kind: "email" }, { kind: "link" }]);
    for (const other of [w.member, w.invitee, w.stranger, w.exMember]) expect(await list(other)).toEqual([]);
    expect(await code(query(db.pool, asUser(w.owner), "select token_hash from public.habitat_invitations"))).toBe("42501");
    expect(await code(query(db.pool, anon, "select id from public.habitat_invitations"))).toBe("42501");
    for (const write of [
      "insert into public.habitat_invitations (habitat_id, kind, email) values ($1, 'email', 'direct@example.com')",
      "update public.habitat_invitations set status = 'accepted' where habitat_id = $1",
      "delete from public.habitat_invitations where habitat_id = $1",
    ]) {
      expect(await code(query(db.pool, asUser(w.owner), write, [w.habitat])), write).toBe("42501");
    }
  });

  it("a habitat holds at most 50 open invitations", async () => {
    const w = await world();
    await db.pool.query(
      "insert into public.habitat_invitations (habitat_id, kind, email) select $1, 'email', 'bulk' || i || '@example.com' from generate_series(1, 48) i",
      [w.habitat],
    );
    await c.inviteLink(w.owner, w.habitat);
    const error = await pgError(c.inviteByEmail(w.owner, w.habitat, "one-too-many@example.com"));
    expect(error).toEqual({ code: "PT429", message: "this habitat has 50 open invitations, the most it may: revoke some first" });
    await c.revoke(w.owner, w.invitation);
    await c.inviteByEmail(w.owner, w.habitat, "fits-again@example.com");
  });
});

describe("invite links", () => {
  it("a link's token is 32 URL-safe characters, returned once and stored only as its sha256", async () => {
    const w = await world();
    const link = await c.inviteLink(w.moderator, w.habitat);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const { rows } = await db.pool.query(
      "select kind, email, token_hash = extensions.digest($2, 'sha256') as hashed from public.habitat_invitations where id = $1",
      [link.id, link.token],
    );
    expect(rows).toEqual([{ kind: "link", email: null, hashed: true }]);
    const stored = await db.pool.query("select count(*)::int as n from public.habitat_invitations i where i::text like '%' || $1 || '%'", [
      link.token,
    ]);
    expect(stored.rows[0].n).toBe(0);
  });

  it("only owners and moderators make links", async () => {
    const w = await world();
    expect(await code(c.inviteLink(w.member, w.habitat))).toBe("42501");
    for (const outsider of [w.invitee, w.stranger, w.exMember]) expect(await code(c.inviteLink(outsider, w.habitat))).toBe("PT404");
    expect(await code(query(db.pool, anon, "select * from public.create_habitat_invite_link($1)", [w.habitat]))).toBe("42501");
  });

  it("an expiry must lie within the next year and a use limit between 1 and 1000", async () => {
    const w = await world();
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000);
    for (const options of [{ expiresAt: hours(-1) }, { expiresAt: hours(24 * 400) }, { maxUses: 0 }, { maxUses: 1001 }, { maxUses: -5 }]) {
      expect(await code(c.inviteLink(w.owner, w.habitat, options)), JSON.stringify(options)).toBe("22023");
    }
    await c.inviteLink(w.owner, w.habitat, { expiresAt: hours(24), maxUses: 1000 });
  });

  it("the holder of a link, signed in, learns the habitat's name and whether the link works; unknown tokens tell nothing", async () => {
    const w = await world();
    const link = await c.inviteLink(w.owner, w.habitat, { maxUses: 1 });
    const state = (caller: string, token: unknown) =>
      query<{ habitat_id: string; state: string }>(
        db.pool,
        asUser(caller),
        "select habitat_id, state from public.get_habitat_invite_link($1)",
        [token],
      );
    expect(await state(w.stranger, link.token)).toEqual([{ habitat_id: w.habitat, state: "open" }]);
    expect(await state(w.member, link.token)).toEqual([{ habitat_id: w.habitat, state: "member" }]);
    for (const bad of [
      "",
      "x",
      link.token.slice(1),
      `${link.token}x`,
      link.token.toLowerCase() === link.token ? link.token.toUpperCase() : link.token.toLowerCase(),
      "' or 1=1 --",
      null,
    ]) {
      expect(await state(w.stranger, bad), String(bad)).toEqual([]);
    }
    expect(await code(query(db.pool, anon, "select * from public.get_habitat_invite_link($1)", [link.token]))).toBe("42501");
    await c.acceptLink(w.invitee, link.token);
    expect(await state(w.stranger, link.token)).toEqual([{ habitat_id: w.habitat, state: "used_up" }]);
    await c.revoke(w.owner, link.id);
    expect(await state(w.stranger, link.token)).toEqual([{ habitat_id: w.habitat, state: "revoked" }]);
  });

  it("a stranger and an ex-member join through a link; a member's second use uses nothing up", async () => {
    const w = await world();
    const link = await c.inviteLink(w.owner, w.habitat, { maxUses: 2 });
    expect(await c.acceptLink(w.stranger, link.token)).toBe(w.habitat);
    expect(await c.acceptLink(w.stranger, link.token)).toBe(w.habitat);
    expect(await c.acceptLink(w.member, link.token)).toBe(w.habitat);
    expect(await c.invitation(link.id)).toEqual({ status: "pending", use_count: 1 });
    expect(await c.acceptLink(w.exMember, link.token)).toBe(w.habitat);
    expect(await c.roleOf(w.habitat, w.stranger)).toBe("member");
    expect(await c.roleOf(w.habitat, w.exMember)).toBe("member");
    // joining answers the newcomer's pending email invitation to the habitat too
    expect(await code(c.acceptLink(w.invitee, link.token))).toBe("PT410");
    const open = await c.inviteLink(w.owner, w.habitat);
    await c.acceptLink(w.invitee, open.token);
    expect(await c.invitation(w.invitation)).toMatchObject({ status: "accepted" });
  });

  it("a used-up, expired or revoked link and a malformed token are refused, and nobody joins", async () => {
    const w = await world();
    const once = await c.inviteLink(w.owner, w.habitat, { maxUses: 1 });
    await c.acceptLink(w.invitee, once.token);
    expect(await pgError(c.acceptLink(w.stranger, once.token))).toEqual({ code: "PT410", message: "this invite link has been used up" });

    const expiring = await c.inviteLink(w.owner, w.habitat, { expiresAt: new Date(Date.now() + 3_600_000) });
    await db.pool.query("update public.habitat_invitations set expires_at = now() - interval '1 second' where id = $1", [expiring.id]);
    expect(await pgError(c.acceptLink(w.stranger, expiring.token))).toEqual({ code: "PT410", message: "this invitation has expired" });

    const revoked = await c.inviteLink(w.owner, w.habitat);
    await c.revoke(w.moderator, revoked.id);
    expect(await pgError(c.acceptLink(w.stranger, revoked.token))).toEqual({ code: "PT410", message: "this invitation was revoked" });

    for (const bad of ["", "not-a-token", "x".repeat(900_000), revoked.token.slice(0, 31)]) {
      expect(await pgError(c.acceptLink(w.stranger, bad))).toEqual({ code: "PT404", message: "this invite link is not valid" });
    }
    expect(await code(query(db.pool, anon, "select public.accept_habitat_invite_link($1)", [revoked.token]))).toBe("42501");
    expect(await c.roleOf(w.habitat, w.stranger)).toBeNull();
  });
});

describe("leaving, removing and roles", () => {
  it("a member leaves by themselves and leaves the habitat's parties; the host role passes on", async () => {
    const w = await world();
    await f.join(w.moderator, w.party);
    expect(await f.host(w.party)).toBe(w.member);
    expect(await c.removeMember(w.member, w.habitat, w.member)).toBe(1);
    expect((await f.participants(w.party)).map((p) => p.user_id)).toEqual([w.moderator]);
    expect(await f.host(w.party)).toBe(w.moderator);
    expect(await query(db.pool, asUser(w.member), "select id from public.habitat_watch_parties")).toEqual([]);
    expect(await f.health()).toEqual([]);
  });

  it("owners and moderators remove those below them; members, strangers and ex-members remove nobody", async () => {
    const w = await world();
    const [second, third] = [await f.user("second"), await f.user("third")];
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'member'), ($1, $3, 'moderator')", [
      w.habitat,
      second,
      third,
    ]);
    for (const caller of [w.member, w.stranger, w.exMember, w.invitee]) expect(await c.removeMember(caller, w.habitat, second)).toBe(0);
    expect(await c.removeMember(w.moderator, w.habitat, third)).toBe(0);
    expect(await c.removeMember(w.moderator, w.habitat, w.owner)).toBe(0);
    expect(await c.removeMember(w.moderator, w.habitat, second)).toBe(1);
    expect(await c.removeMember(w.owner, w.habitat, third)).toBe(1);
    expect(await c.roleOf(w.habitat, second)).toBeNull();
    expect(await c.roleOf(w.habitat, third)).toBeNull();
  });

  it("the last owner cannot leave until another member is owner; then either may leave, not both", async () => {
    const w = await world();
    expect(await pgError(c.removeMember(w.owner, w.habitat, w.owner))).toEqual({
      code: "PT409",
      message: "a habitat needs an owner: make another member owner first",
    });
    expect(await c.setRole(w.owner, w.habitat, w.member, "owner")).toBe(1);
    expect(await c.removeMember(w.owner, w.habitat, w.owner)).toBe(1);
    expect(await code(c.removeMember(w.member, w.habitat, w.member))).toBe("PT409");
    expect(await c.roleOf(w.habitat, w.member)).toBe("owner");
  });

  it("roles change only downward from the one who changes them", async () => {
    const w = await world();
    const second = await f.user("second");
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [w.habitat, second]);
    // a moderator makes a member moderator (their own rank) but never owner, and changes no moderator or owner
    expect(await code(c.setRole(w.moderator, w.habitat, w.member, "owner"))).toBe("42501");
    expect(await c.setRole(w.moderator, w.habitat, w.member, "moderator")).toBe(1);
    expect(await c.setRole(w.moderator, w.habitat, w.member, "member")).toBe(0);
    expect(await c.setRole(w.moderator, w.habitat, w.owner, "member")).toBe(0);
    // nobody changes their own role
    expect(await c.setRole(w.moderator, w.habitat, w.moderator, "owner")).toBe(0);
    expect(await c.setRole(w.owner, w.habitat, w.owner, "member")).toBe(0);
    // a member changes nobody's; outsiders neither
    for (const caller of [second, w.stranger, w.exMember, w.invitee])
      expect(await c.setRole(caller, w.habitat, w.member, "member")).toBe(0);
    // the owner makes owners, moderators and members of those below
    expect(await c.setRole(w.owner, w.habitat, w.member, "member")).toBe(1);
    expect(await c.setRole(w.owner, w.habitat, second, "owner")).toBe(1);
    // and owners do not change each other
    expect(await c.setRole(w.owner, w.habitat, second, "member")).toBe(0);
    expect(await c.setRole(second, w.habitat, w.owner, "member")).toBe(0);
    expect(
      await code(
        query(db.pool, asUser(w.owner), "update public.habitat_members set user_id = $2 where user_id = $1", [w.member, w.stranger]),
      ),
    ).toBe("42501");
    expect(
      await code(query(db.pool, asUser(w.owner), "update public.habitat_members set role = 'admin' where user_id = $1", [w.member])),
    ).toBe("23514");
  });

  it("nobody inserts a membership, not even an owner adding someone who did not accept", async () => {
    const w = await world();
    for (const [caller, user] of [
      [w.owner, w.stranger],
      [w.moderator, w.stranger],
      [w.stranger, w.stranger],
      [w.exMember, w.exMember],
      [w.invitee, w.invitee],
    ] as const) {
      expect(
        await code(
          query(db.pool, asUser(caller), "insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [w.habitat, user]),
        ),
      ).toBe("42501");
    }
    expect(await c.roleOf(w.habitat, w.stranger)).toBeNull();
  });

  it("an ex-member sees nothing of the habitat, changes nothing of it, and hears none of it", async () => {
    const w = await world();
    const ex = asUser(w.exMember);
    for (const sql of [
      "select id from public.habitats",
      "select user_id from public.habitat_members",
      "select id from public.habitat_watch_parties",
      "select id from public.upcoming_watch_parties",
    ]) {
      expect(await query(db.pool, ex, sql), sql).toEqual([]);
    }
    expect(await query(db.pool, ex, "select private.can_hear_topic($1) as hears", [`habitat:${w.habitat}`])).toEqual([{ hears: false }]);
    expect(await query(db.pool, ex, "update public.habitats set name = 'Taken' where id = $1 returning id", [w.habitat])).toEqual([]);
  });
});

describe("founding habitats", () => {
  it("anyone signed in founds a habitat and owns it; anon cannot; a name needs a visible character", async () => {
    const founder = await f.user("founder");
    const rows = await query<{ id: string }>(
      db.pool,
      asUser(founder),
      "insert into public.habitats (name, description, created_by) values ('Book Club', 'Chapters and popcorn', auth.uid()) returning id",
    );
    expect(await c.roleOf(rows[0]!.id, founder)).toBe("owner");
    expect(await code(query(db.pool, asUser(founder), "insert into public.habitats (name, created_by) values ('   ', auth.uid())"))).toBe(
      "23514",
    );
    expect(await code(query(db.pool, anon, "insert into public.habitats (name) values ('Nope')"))).toBe("42501");
  });

  it("one person owns at most 10 habitats: the 11th is refused with a clear message, and deleting one makes room", async () => {
    const founder = await f.user("founder");
    const found = (name: string) =>
      query<{ id: string }>(
        db.pool,
        asUser(founder),
        "insert into public.habitats (name, created_by) values ($1, auth.uid()) returning id",
        [name],
      );
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await found(`Habitat ${i}`))[0]!.id);
    expect(await pgError(found("One too many"))).toEqual({ code: "PT429", message: "you own 10 habitats, the most one person may" });
    await query(db.pool, asUser(founder), "delete from public.habitats where id = $1", [ids[0]]);
    await found("Fits again");
    // the service role and direct connections are operators, not counted
    await query(db.pool, serviceRole, "insert into public.habitats (name, created_by) values ('Operator', $1)", [founder]);
  });

  it("only the owner renames, describes and deletes a habitat; its parties and invitations go with it", async () => {
    const w = await world();
    for (const caller of [w.moderator, w.member, w.stranger, w.exMember, w.invitee]) {
      expect(
        await query(db.pool, asUser(caller), "update public.habitats set name = 'Renamed' where id = $1 returning id", [w.habitat]),
      ).toEqual([]);
      expect(await query(db.pool, asUser(caller), "delete from public.habitats where id = $1 returning id", [w.habitat])).toEqual([]);
    }
    expect(
      await query(
        db.pool,
        asUser(w.owner),
        "update public.habitats set name = 'Renamed', description = 'New words' where id = $1 returning name, description",
        [w.habitat],
      ),
    ).toEqual([{ name: "Renamed", description: "New words" }]);
    expect(await query(db.pool, asUser(w.owner), "delete from public.habitats where id = $1 returning id", [w.habitat])).toHaveLength(1);
    for (const table of ["habitat_watch_parties", "habitat_invitations", "habitat_members"]) {
      expect((await db.pool.query(`select 1 from public.${table} where habitat_id = $1`, [w.habitat])).rowCount, table).toBe(0);
    }
    expect(await f.health()).toEqual([]);
  });
});

describe("parties that can change", () => {
  const edit = (caller: string, partyId: string, set = "title = 'Retitled'") =>
    query(db.pool, asUser(caller), `update public.habitat_watch_parties set ${set} where id = $1 returning id`, [partyId]);

  it("the creator, the host and the habitat's owners and moderators edit a party; other members and outsiders cannot", async () => {
    const w = await world();
    const [host, bystander] = [await f.user("host"), await f.user("bystander")];
    await db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2), ($1, $3)", [w.habitat, host, bystander]);
    const party = await f.party(w.habitat, { createdBy: w.owner });
    await f.join(host, party);
    for (const caller of [host, w.owner, w.moderator]) expect(await edit(caller, party), caller).toHaveLength(1);
    for (const caller of [w.member, bystander, w.stranger, w.exMember, w.invitee]) expect(await edit(caller, party), caller).toEqual([]);
    expect(
      await edit(
        w.member,
        w.party,
        "description = 'Mine', media_url = 'https://vimeo.com/1', scheduled_start = now() + interval '3 days', scheduled_end = now() + interval '3 days 2 hours'",
      ),
    ).toHaveLength(1);
  });

  it("an ex-member's party is out of their reach: an unfiltered update or delete finds no row and says nothing", async () => {
    const w = await world();
    const ex = asUser(w.exMember);
    expect(await query(db.pool, ex, "update public.habitat_watch_parties set title = 'Mine again' returning id")).toEqual([]);
    expect(await query(db.pool, ex, "update public.habitat_watch_parties set title = 'Mine again'")).toEqual([]);
    expect(await query(db.pool, ex, "delete from public.habitat_watch_parties returning id")).toEqual([]);
    expect(await query(db.pool, ex, "delete from public.habitat_watch_parties")).toEqual([]);
    const { rows } = await db.pool.query("select title from public.habitat_watch_parties where id = $1", [w.exMembersParty]);
    expect(rows[0].title).not.toBe("Mine again");
    // the habitat's owner still manages it
    expect(await edit(w.owner, w.exMembersParty)).toHaveLength(1);
  });

  it("cancelling: the party leaves the upcoming list, nobody joins it, and it changes no more", async () => {
    const w = await world();
    expect(await edit(w.member, w.party, "status = 'cancelled'")).toHaveLength(1);
    expect(
      await query(db.pool, asUser(w.moderator), "select status from public.streams_with_participants where id = $1", [w.party]),
    ).toEqual([{ status: "cancelled" }]);
    expect(await query(db.pool, asUser(w.moderator), "select id from public.upcoming_watch_parties where id = $1", [w.party])).toEqual([]);
    expect(await code(f.join(w.moderator, w.party))).toBe("23514");
    expect(await pgError(edit(w.owner, w.party, "title = 'Back on'"))).toEqual({
      code: "23514",
      message: "this watch party was cancelled",
    });
    expect(await code(edit(w.owner, w.party, "status = 'scheduled'"))).toBe("23514");
    // a participant still leaves a cancelled party
    expect(await f.leave(w.member, w.party)).toBe(1);
  });

  it("a user sets no status but cancelled; a reschedule never moves the start into the past", async () => {
    const w = await world();
    for (const status of ["live", "ended"]) expect(await code(edit(w.owner, w.party, `status = '${status}'`)), status).toBe("42501");
    expect(await pgError(edit(w.owner, w.party, "scheduled_start = now() - interval '1 hour', scheduled_end = null"))).toEqual({
      code: "23514",
      message: "a watch party cannot be rescheduled into the past",
    });
    expect(await code(edit(w.owner, w.party, "scheduled_end = scheduled_start - interval '1 minute'"))).toBe("23514");
    // a party that already started keeps its start while its title changes
    const started = await f.party(w.habitat, { startsInHours: -1, createdBy: w.owner });
    expect(await edit(w.owner, started)).toHaveLength(1);
    // the service role is an operator: it sets any status
    await query(db.pool, serviceRole, "update public.habitat_watch_parties set status = 'live' where id = $1", [started]);
  });

  it("a party is deleted only before anyone joined, by its creator or the habitat's owners and moderators", async () => {
    const w = await world();
    const del = (caller: string, partyId: string) =>
      query(db.pool, asUser(caller), "delete from public.habitat_watch_parties where id = $1 returning id", [partyId]);
    for (const caller of [w.owner, w.moderator, w.member]) expect(await del(caller, w.party), caller).toEqual([]);
    await f.leave(w.member, w.party);
    for (const caller of [w.stranger, w.exMember, w.invitee]) expect(await del(caller, w.party), caller).toEqual([]);
    expect(await del(w.member, w.party)).toHaveLength(1);
    const another = await f.party(w.habitat, { createdBy: w.member });
    expect(await del(w.moderator, another)).toHaveLength(1);
  });

  it("a reschedule and a cancellation reach the party's room and the habitat's dashboard as they happen", async () => {
    const w = await world();
    const since = (await db.pool.query<{ now: Date }>("select clock_timestamp() as now")).rows[0]!.now.toISOString().replace("Z", "");
    await edit(w.member, w.party, "scheduled_start = scheduled_start + interval '1 day'");
    await edit(w.member, w.party, "status = 'cancelled'");
    for (const topic of [`party:${w.party}`, `habitat:${w.habitat}`]) {
      const { rows } = await db.pool.query<{ payload: { record: { status: string } } }>(
        "select payload from realtime.messages where topic = $1 and event = 'party_changed' and inserted_at >= $2 order by inserted_at, ctid",
        [topic, since],
      );
      expect(
        rows.map((r) => r.payload.record.status),
        topic,
      ).toEqual(["scheduled", "cancelled"]);
    }
  });
});

describe("rollback", () => {
  it("supabase/rollbacks/20260115000000_communities.sql returns the catalog to the previous migration's, memberships and parties kept", async () => {
    const [rolledBack, before] = await Promise.all([freshDatabase("tpl_communities"), freshDatabase("tpl_before_communities")]);
    try {
      const fixtures = new Fixtures(rolledBack.pool);
      const owner = await fixtures.user("owner");
      const habitat = await fixtures.habitat(owner);
      await new Communities(rolledBack.pool).inviteLink(owner, habitat);
      const party = await fixtures.party(habitat, { createdBy: owner });
      const rollback = readFileSync(join(ROLLBACKS_DIR, `${COMMUNITIES_VERSION}_communities.sql`), "utf8");
      await rolledBack.pool.query(rollback);
      expect(await catalogSnapshot(rolledBack.pool)).toEqual(await catalogSnapshot(before.pool));
      const versions = await rolledBack.pool.query("select 1 from supabase_migrations.schema_migrations where version = $1", [
        COMMUNITIES_VERSION,
      ]);
      expect(versions.rowCount).toBe(0);
      expect((await rolledBack.pool.query("select 1 from public.habitat_watch_parties where id = $1", [party])).rowCount).toBe(1);
      // safe to run twice
      await rolledBack.pool.query(rollback);
    } finally {
      await Promise.all([rolledBack.close(), before.close()]);
    }
  });
});
