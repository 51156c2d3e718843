// The row-level security matrix: for every table the app touches (and the views and the functions
// that read and write them), what each kind of caller may select, insert, update and delete (or
// call), written as a table of the product's rules. A meta-test then drops each policy found in pg_policies, one at a
// time inside a rolled-back transaction, and proves the matrix notices: a policy whose removal
// changes no cell is untested or redundant, and fails the suite.
import { afterAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { anon, as, asUser, claimsOf, freshDatabase, serviceRole, type Caller } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

// ============================================================================================
// the world the matrix runs in
// ============================================================================================

/**
 * Who calls. `member` created party P and joined it after `host`, who joined first; `invitee` has
 * a pending email invitation to H; `ex_member` created party PX in H, then left H.
 */
const ACTORS = ["anon", "stranger", "invitee", "ex_member", "member", "host", "moderator", "owner", "service_role"] as const;
type Actor = (typeof ACTORS)[number];

// Users: owner, moderator, member, host and bystander belong to habitat H; stranger owns habitat S
// and is in no other; outsider is in no habitat; ghost is a user whose profile is missing; invitee
// and ex_member as above.
// Parties: P (in H, created by member; host then member joined), P2 (in H, empty, created by owner),
// PX (in H, empty, created by ex_member), SP (in S, stranger joined).
// Invitations: I (to H, for invitee's address), L (a link to H, token in `linkToken`), SI (to S, for
// outsider's address).
const USERS = ["owner", "moderator", "member", "host", "bystander", "stranger", "outsider", "ghost", "invitee", "ex_member"] as const;
type UserName = (typeof USERS)[number];

interface World {
  user: Record<UserName, string>;
  H: string;
  S: string;
  P: string;
  P2: string;
  PX: string;
  SP: string;
  I: string;
  L: string;
  SI: string;
  linkToken: string;
  /** uuid → readable label, for what a select returns */
  label: Map<string, string>;
}

async function buildWorld(pool: pg.Pool): Promise<World> {
  const f = new Fixtures(pool);
  const user = {} as Record<UserName, string>;
  for (const name of USERS) user[name] = await f.user(name);
  await pool.query("delete from public.profiles where id = $1", [user.ghost]);
  const H = await f.habitat(user.owner, { moderator: [user.moderator], member: [user.member, user.host, user.bystander, user.ex_member] });
  const S = await f.habitat(user.stranger);
  const P = await f.party(H, { createdBy: user.member });
  const P2 = await f.party(H, { createdBy: user.owner });
  const PX = await f.party(H, { createdBy: user.ex_member });
  const SP = await f.party(S, { createdBy: user.stranger });
  await f.join(user.host, P);
  await f.join(user.member, P);
  await f.join(user.stranger, SP);
  await pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [H, user.ex_member]);
  const emailOf = async (id: string) =>
    (await pool.query<{ email: string }>("select email from auth.users where id = $1", [id])).rows[0]!.email;
  const invite = async (by: string, habitat: string, email: string) =>
    as(
      pool,
      asUser(by),
      async (c) => (await c.query<{ id: string }>("select public.invite_to_habitat($1, $2) as id", [habitat, email])).rows[0]!.id,
    );
  const I = await invite(user.owner, H, await emailOf(user.invitee));
  const SI = await invite(user.stranger, S, await emailOf(user.outsider));
  const link = await as(
    pool,
    asUser(user.owner),
    async (c) =>
      (await c.query<{ invitation_id: string; token: string }>("select * from public.create_habitat_invite_link($1)", [H])).rows[0]!,
  );
  const label = new Map<string, string>([
    [H, "H"],
    [S, "S"],
    [P, "P"],
    [P2, "P2"],
    [PX, "PX"],
    [SP, "SP"],
    [I, "I"],
    [link.invitation_id, "L"],
    [SI, "SI"],
  ]);
  for (const name of USERS) label.set(user[name], name);
  return { user, H, S, P, P2, PX, SP, I, L: link.invitation_id, SI, linkToken: link.token, label };
}

function callerOf(world: World, actor: Actor): Caller {
  if (actor === "anon") return anon;
  if (actor === "service_role") return serviceRole;
  return asUser(world.user[actor]);
}

// ============================================================================================
// the matrix
// ============================================================================================

const Y = "allowed";
const N = "denied";
type WriteOutcome = typeof Y | typeof N;
/** what a select shows: the labels of the rows (sorted), or denied (a permission error) */
type ReadOutcome = string[] | typeof N;

interface Statement {
  sql: string;
  params: unknown[];
}

interface ReadRule {
  kind: "read";
  object: string;
  rule: string;
  statement: (w: World) => Statement;
  /** the label of one returned row */
  rowLabel: (row: Record<string, unknown>, w: World) => string;
  expect: Record<Actor, ReadOutcome>;
}

interface WriteRule {
  kind: "write";
  object: string;
  rule: string;
  statement: (w: World) => Statement;
  expect: Record<Actor, WriteOutcome>;
}

type Rule = ReadRule | WriteRule;

const sql = (text: string, ...params: unknown[]): Statement => ({ sql: text, params });
const byId = (row: Record<string, unknown>, w: World) => w.label.get(String(row.id)) ?? String(row.id);
const byMembership = (key: "habitat_id" | "stream_id") => (row: Record<string, unknown>, w: World) =>
  `${w.label.get(String(row[key]))}:${w.label.get(String(row.user_id))}`;

const IN_H = ["owner", "moderator", "member", "host", "bystander"];
const H_MEMBERSHIPS = IN_H.map((name) => `H:${name}`);
const EVERY_PROFILE = ["owner", "moderator", "member", "host", "bystander", "stranger", "outsider", "invitee", "ex_member"];
const H_PARTIES = ["P", "P2", "PX"];
const partiesForEveryone = (view: string): ReadRule => ({
  kind: "read",
  object: view,
  rule: "members see their habitats' parties; strangers only their own habitat's; invitees, ex-members and anon nothing",
  statement: () => sql(`select id from public.${view}`),
  rowLabel: byId,
  expect: {
    anon: N,
    stranger: ["SP"],
    invitee: [],
    ex_member: [],
    member: H_PARTIES,
    host: H_PARTIES,
    moderator: H_PARTIES,
    owner: H_PARTIES,
    service_role: [...H_PARTIES, "SP"],
  },
});
/** Nobody signed in, nobody with an invitation, no ex-member: only the operator. */
const ONLY_SERVICE_ROLE: Record<Actor, WriteOutcome> = {
  anon: N,
  stranger: N,
  invitee: N,
  ex_member: N,
  member: N,
  host: N,
  moderator: N,
  owner: N,
  service_role: Y,
};
const NOBODY: Record<Actor, WriteOutcome> = { ...ONLY_SERVICE_ROLE, service_role: N };
/** The habitat's owners and moderators (and the operator). */
const OWNERS_AND_MODERATORS: Record<Actor, WriteOutcome> = { ...ONLY_SERVICE_ROLE, moderator: Y, owner: Y };
/** Functions that act as the signed-in caller: the owners and moderators of H, nobody else. */
const H_STAFF_CALLS: Record<Actor, WriteOutcome> = { ...NOBODY, moderator: Y, owner: Y };

/** A write through one of the database's functions (the caller's own rights are checked inside it). */
const call = (fn: string, rule: string, statement: (w: World) => Statement, expect: Record<Actor, WriteOutcome>): WriteRule => ({
  kind: "write",
  object: `${fn}()`,
  rule,
  statement,
  expect,
});

const RULES: Rule[] = [
  // ---------------------------------------------------------------- profiles
  {
    kind: "read",
    object: "profiles",
    rule: "a user sees their own profile and those of habitat co-members (not of a habitat they are invited to or left)",
    statement: () => sql("select id from public.profiles"),
    rowLabel: byId,
    expect: {
      anon: N,
      stranger: ["stranger"],
      invitee: ["invitee"],
      ex_member: ["ex_member"],
      member: IN_H,
      host: IN_H,
      moderator: IN_H,
      owner: IN_H,
      service_role: EVERY_PROFILE,
    },
  },
  {
    kind: "write",
    object: "profiles",
    rule: "profiles are created by the database, never by a user",
    statement: (w) => sql("insert into public.profiles (id, display_name) values ($1, 'Ghost')", w.user.ghost),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "profiles",
    rule: "only the user edits their profile, not even their habitat's owner",
    statement: (w) => sql("update public.profiles set display_name = 'Renamed' where id = $1", w.user.member),
    expect: { ...ONLY_SERVICE_ROLE, member: Y },
  },
  {
    kind: "write",
    object: "profiles",
    rule: "nobody deletes a profile through the API (it goes with the account)",
    statement: (w) => sql("delete from public.profiles where id = $1", w.user.member),
    expect: ONLY_SERVICE_ROLE,
  },
  // ---------------------------------------------------------------- habitats
  {
    kind: "read",
    object: "habitats",
    rule: "members see their habitats, nobody else's (an invitation shows none)",
    statement: () => sql("select id from public.habitats"),
    rowLabel: byId,
    expect: {
      anon: N,
      stranger: ["S"],
      invitee: [],
      ex_member: [],
      member: ["H"],
      host: ["H"],
      moderator: ["H"],
      owner: ["H"],
      service_role: ["H", "S"],
    },
  },
  {
    kind: "write",
    object: "habitats",
    rule: "any signed-in user founds a habitat as themselves",
    statement: () => sql("insert into public.habitats (name, created_by) values ('New habitat', auth.uid())"),
    expect: { ...ONLY_SERVICE_ROLE, stranger: Y, invitee: Y, ex_member: Y, member: Y, host: Y, moderator: Y, owner: Y },
  },
  {
    kind: "write",
    object: "habitats",
    rule: "nobody founds a habitat in someone else's name",
    statement: (w) => sql("insert into public.habitats (name, created_by) values ('Forged', $1)", w.user.outsider),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitats",
    rule: "only the owner renames a habitat",
    statement: (w) => sql("update public.habitats set name = 'Renamed' where id = $1", w.H),
    expect: { ...ONLY_SERVICE_ROLE, owner: Y },
  },
  {
    kind: "write",
    object: "habitats",
    rule: "only the owner deletes a habitat",
    statement: (w) => sql("delete from public.habitats where id = $1", w.H),
    expect: { ...ONLY_SERVICE_ROLE, owner: Y },
  },
  // ---------------------------------------------------------------- habitat_members
  {
    kind: "read",
    object: "habitat_members",
    rule: "members see who belongs to their habitats",
    statement: () => sql("select habitat_id, user_id from public.habitat_members"),
    rowLabel: byMembership("habitat_id"),
    expect: {
      anon: N,
      stranger: ["S:stranger"],
      invitee: [],
      ex_member: [],
      member: H_MEMBERSHIPS,
      host: H_MEMBERSHIPS,
      moderator: H_MEMBERSHIPS,
      owner: H_MEMBERSHIPS,
      service_role: [...H_MEMBERSHIPS, "S:stranger"],
    },
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "nobody adds a member directly, not even an owner: membership begins with an accepted invitation",
    statement: (w) => sql("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'member')", w.H, w.user.outsider),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "nobody adds themselves, not with an invitation pending nor after leaving",
    statement: (w) =>
      sql("insert into public.habitat_members (habitat_id, user_id) values ($1, coalesce(auth.uid(), $2))", w.H, w.user.invitee),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "owners and moderators change the roles of those below them, up to their own",
    statement: (w) =>
      sql("update public.habitat_members set role = 'moderator' where habitat_id = $1 and user_id = $2", w.H, w.user.member),
    expect: OWNERS_AND_MODERATORS,
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "only an owner makes an owner (handing ownership over)",
    statement: (w) => sql("update public.habitat_members set role = 'owner' where habitat_id = $1 and user_id = $2", w.H, w.user.member),
    expect: { ...ONLY_SERVICE_ROLE, owner: Y },
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "nobody changes their own role",
    statement: () => sql("update public.habitat_members set role = 'moderator' where user_id = auth.uid()"),
    expect: NOBODY,
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "nobody demotes the habitat's only owner, not even the service role",
    statement: (w) => sql("update public.habitat_members set role = 'member' where habitat_id = $1 and user_id = $2", w.H, w.user.owner),
    expect: NOBODY,
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "a member leaves; owners and moderators remove them; other members cannot",
    statement: (w) => sql("delete from public.habitat_members where habitat_id = $1 and user_id = $2", w.H, w.user.member),
    expect: { ...OWNERS_AND_MODERATORS, member: Y },
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "a moderator leaves, or is removed by an owner; members cannot remove them",
    statement: (w) => sql("delete from public.habitat_members where habitat_id = $1 and user_id = $2", w.H, w.user.moderator),
    expect: OWNERS_AND_MODERATORS,
  },
  {
    kind: "write",
    object: "habitat_members",
    rule: "the only owner neither leaves nor is removed, not even by the service role",
    statement: (w) => sql("delete from public.habitat_members where habitat_id = $1 and user_id = $2", w.H, w.user.owner),
    expect: NOBODY,
  },
  // ---------------------------------------------------------------- habitat_invitations
  {
    kind: "read",
    object: "habitat_invitations",
    rule: "owners and moderators see their habitat's invitations; invitees, members and ex-members none",
    statement: () => sql("select id from public.habitat_invitations"),
    rowLabel: byId,
    expect: {
      anon: N,
      stranger: ["SI"],
      invitee: [],
      ex_member: [],
      member: [],
      host: [],
      moderator: ["I", "L"],
      owner: ["I", "L"],
      service_role: ["I", "L", "SI"],
    },
  },
  {
    kind: "write",
    object: "habitat_invitations",
    rule: "invitations are created only through the functions, never inserted",
    statement: (w) =>
      sql("insert into public.habitat_invitations (habitat_id, kind, email) values ($1, 'email', 'direct@example.com')", w.H),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_invitations",
    rule: "nobody accepts an invitation by updating it",
    statement: (w) => sql("update public.habitat_invitations set status = 'accepted' where id = $1", w.I),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_invitations",
    rule: "nobody deletes an invitation (it is revoked)",
    statement: (w) => sql("delete from public.habitat_invitations where id = $1", w.I),
    expect: ONLY_SERVICE_ROLE,
  },
  // ---------------------------------------------------------------- habitat_watch_parties
  partiesForEveryone("habitat_watch_parties"),
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "members schedule parties in their habitat, as themselves",
    statement: (w) =>
      sql(
        "insert into public.habitat_watch_parties (habitat_id, title, scheduled_start, created_by) values ($1, 'New party', now() + interval '1 day', auth.uid())",
        w.H,
      ),
    expect: { ...OWNERS_AND_MODERATORS, member: Y, host: Y },
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "nobody schedules a party in someone else's name",
    statement: (w) =>
      sql(
        "insert into public.habitat_watch_parties (habitat_id, title, scheduled_start, created_by) values ($1, 'Forged', now() + interval '1 day', $2)",
        w.H,
        w.user.bystander,
      ),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "the party's creator, its host and the habitat's owner and moderators edit it",
    statement: (w) => sql("update public.habitat_watch_parties set title = 'Retitled' where id = $1", w.P),
    expect: { ...OWNERS_AND_MODERATORS, member: Y, host: Y },
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "an ex-member no longer edits the party they created",
    statement: (w) =>
      sql("update public.habitat_watch_parties set scheduled_start = scheduled_start + interval '1 hour' where id = $1", w.PX),
    expect: OWNERS_AND_MODERATORS,
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "users cancel a party but set no other status",
    statement: (w) => sql("update public.habitat_watch_parties set status = 'live' where id = $1", w.P),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "nobody writes participant_count, not even service_role",
    statement: (w) => sql("update public.habitat_watch_parties set participant_count = 99 where id = $1", w.P),
    expect: NOBODY,
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "the creator and the habitat's owner and moderators delete a party nobody joined",
    statement: (w) => sql("delete from public.habitat_watch_parties where id = $1", w.P2),
    expect: OWNERS_AND_MODERATORS,
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "nobody deletes a party someone joined (it is cancelled instead)",
    statement: (w) => sql("delete from public.habitat_watch_parties where id = $1", w.P),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "habitat_watch_parties",
    rule: "an ex-member no longer deletes the party they created",
    statement: (w) => sql("delete from public.habitat_watch_parties where id = $1", w.PX),
    expect: OWNERS_AND_MODERATORS,
  },
  // ---------------------------------------------------------------- stream_participants
  {
    kind: "read",
    object: "stream_participants",
    rule: "members see the participants of their habitats' parties",
    statement: () => sql("select stream_id, user_id from public.stream_participants"),
    rowLabel: byMembership("stream_id"),
    expect: {
      anon: N,
      stranger: ["SP:stranger"],
      invitee: [],
      ex_member: [],
      member: ["P:host", "P:member"],
      host: ["P:host", "P:member"],
      moderator: ["P:host", "P:member"],
      owner: ["P:host", "P:member"],
      service_role: ["P:host", "P:member", "SP:stranger"],
    },
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "members join their habitat's parties as themselves (service_role enrols a member)",
    statement: (w) =>
      sql("insert into public.stream_participants (stream_id, user_id) values ($1, coalesce(auth.uid(), $2))", w.P2, w.user.bystander),
    expect: { ...OWNERS_AND_MODERATORS, member: Y, host: Y },
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "nobody joins a party in another member's name",
    statement: (w) => sql("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", w.P2, w.user.bystander),
    expect: ONLY_SERVICE_ROLE,
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "nobody makes themselves host, not even into an empty party",
    statement: (w) =>
      sql(
        "insert into public.stream_participants (stream_id, user_id, is_host) values ($1, coalesce(auth.uid(), $2), true)",
        w.P2,
        w.user.bystander,
      ),
    expect: NOBODY,
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "a participant changes only their own reminder",
    statement: (w) =>
      sql("update public.stream_participants set reminder_enabled = true where stream_id = $1 and user_id = $2", w.P, w.user.member),
    expect: { ...ONLY_SERVICE_ROLE, member: Y },
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "nobody sets the host flag directly",
    statement: (w) => sql("update public.stream_participants set is_host = true where stream_id = $1 and user_id = $2", w.P, w.user.member),
    expect: NOBODY,
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "a participant leaves, the host removes them; moderators and owners cannot",
    statement: (w) => sql("delete from public.stream_participants where stream_id = $1 and user_id = $2", w.P, w.user.member),
    expect: { ...ONLY_SERVICE_ROLE, member: Y, host: Y },
  },
  {
    kind: "write",
    object: "stream_participants",
    rule: "the host leaves; no participant removes the host",
    statement: (w) => sql("delete from public.stream_participants where stream_id = $1 and user_id = $2", w.P, w.user.host),
    expect: { ...ONLY_SERVICE_ROLE, host: Y },
  },
  // ---------------------------------------------------------------- views and functions
  partiesForEveryone("streams_with_participants"),
  partiesForEveryone("upcoming_watch_parties"),
  {
    kind: "read",
    object: "get_stream_participants()",
    rule: "a party's participant list is for its habitat's members only",
    statement: (w) => sql("select user_id, $1::uuid as stream_id from public.get_stream_participants($1)", w.P),
    rowLabel: byMembership("stream_id"),
    expect: {
      anon: N,
      stranger: [],
      invitee: [],
      ex_member: [],
      member: ["P:host", "P:member"],
      host: ["P:host", "P:member"],
      moderator: ["P:host", "P:member"],
      owner: ["P:host", "P:member"],
      service_role: ["P:host", "P:member"],
    },
  },
  {
    kind: "read",
    object: "get_my_habitat_invitations()",
    rule: "an invitee lists the invitations addressed to them, nobody else's",
    statement: () => sql("select invitation_id as id from public.get_my_habitat_invitations()"),
    rowLabel: byId,
    expect: { anon: N, stranger: [], invitee: ["I"], ex_member: [], member: [], host: [], moderator: [], owner: [], service_role: [] },
  },
  {
    kind: "read",
    object: "get_habitat_invite_link()",
    rule: "the signed-in holder of a link learns where it leads and whether it is open",
    statement: (w) => sql("select state from public.get_habitat_invite_link($1)", w.linkToken),
    rowLabel: (row) => String(row.state),
    expect: {
      anon: N,
      stranger: ["open"],
      invitee: ["open"],
      ex_member: ["open"],
      member: ["member"],
      host: ["member"],
      moderator: ["member"],
      owner: ["member"],
      service_role: [],
    },
  },
  call(
    "invite_to_habitat",
    "owners and moderators invite an email address",
    (w) => sql("select public.invite_to_habitat($1, 'someone-new@example.com')", w.H),
    H_STAFF_CALLS,
  ),
  call(
    "create_habitat_invite_link",
    "owners and moderators create invite links",
    (w) => sql("select * from public.create_habitat_invite_link($1, now() + interval '1 day', 5)", w.H),
    H_STAFF_CALLS,
  ),
  call(
    "revoke_habitat_invitation",
    "owners and moderators revoke their habitat's invitations",
    (w) => sql("select public.revoke_habitat_invitation($1)", w.I),
    H_STAFF_CALLS,
  ),
  call(
    "accept_habitat_invitation",
    "only the invitee accepts an email invitation",
    (w) => sql("select public.accept_habitat_invitation($1)", w.I),
    { ...NOBODY, invitee: Y },
  ),
  call(
    "decline_habitat_invitation",
    "only the invitee declines an email invitation",
    (w) => sql("select public.decline_habitat_invitation($1)", w.I),
    { ...NOBODY, invitee: Y },
  ),
  call(
    "accept_habitat_invite_link",
    "anyone signed in joins through an open link (members stay members)",
    (w) => sql("select public.accept_habitat_invite_link($1)", w.linkToken),
    { ...NOBODY, stranger: Y, invitee: Y, ex_member: Y, member: Y, host: Y, moderator: Y, owner: Y },
  ),
];

const TABLES = ["profiles", "habitats", "habitat_members", "habitat_invitations", "habitat_watch_parties", "stream_participants"];

// ============================================================================================
// running cells: each in a savepoint rolled back, as `set local role` + JWT claims (PostgREST)
// ============================================================================================

type Outcome = ReadOutcome | WriteOutcome;

interface Cell {
  rule: Rule;
  actor: Actor;
}

const CELLS: Cell[] = RULES.flatMap((rule) => ACTORS.map((actor) => ({ rule, actor })));
const cellName = (cell: Cell) => `${cell.rule.object} · ${cell.rule.rule} · ${cell.actor}`;

/**
 * Refusals: permission denied and a row refused by a policy's WITH CHECK (42501), and what the
 * functions and triggers raise for a caller who may not (PostgREST answers 404, 409 and 410)
 */
const REFUSALS = new Set(["42501", "PT404", "PT409", "PT410"]);

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function runCell(client: pg.ClientBase, world: World, cell: Cell): Promise<Outcome> {
  const caller = callerOf(world, cell.actor);
  const role = caller.kind === "user" ? "authenticated" : caller.kind;
  const { sql: text, params } = cell.rule.statement(world);
  await client.query(
    `savepoint cell; set local role ${role}; select set_config('request.jwt.claims', ${quote(JSON.stringify(claimsOf(caller)))}, true)`,
  );
  try {
    const result = await client.query<Record<string, unknown>>(text, params);
    if (cell.rule.kind === "read") {
      const rule = cell.rule;
      return result.rows.map((row) => rule.rowLabel(row, world)).sort();
    }
    return (result.rowCount ?? 0) > 0 ? Y : N;
  } catch (error) {
    // only a refusal counts as denied: any other error (a typo, a constraint) fails the test
    if (error instanceof Error && "code" in error && REFUSALS.has(String(error.code))) return N;
    throw new Error(`${cellName(cell)}: ${String(error)}`);
  } finally {
    await client.query("rollback to savepoint cell");
  }
}

/** Every cell's outcome, in one transaction that is rolled back; `prepare` runs first as postgres. */
async function runMatrix(pool: pg.Pool, world: World, prepare?: (client: pg.ClientBase) => Promise<void>): Promise<Map<string, Outcome>> {
  const client = await pool.connect();
  const outcomes = new Map<string, Outcome>();
  try {
    await client.query("begin");
    if (prepare) await prepare(client);
    for (const cell of CELLS) outcomes.set(cellName(cell), await runCell(client, world, cell));
  } finally {
    await client.query("rollback");
    client.release();
  }
  return outcomes;
}

const expected = (cell: Cell): Outcome => {
  const outcome = cell.rule.expect[cell.actor];
  return Array.isArray(outcome) ? [...outcome].sort() : outcome;
};

// ============================================================================================
// the tests
// ============================================================================================

interface Policy {
  tablename: string;
  policyname: string;
  cmd: string;
}

// the world and the policy list are built before the tests are collected, so each policy gets a
// test of its own, named after it
const db = await freshDatabase();
const world = await buildWorld(db.pool);
const policies = (
  await db.pool.query<Policy>(
    "select tablename::text, policyname::text, cmd from pg_policies where schemaname = 'public' and tablename = any ($1) order by tablename, policyname",
    [TABLES],
  )
).rows;
const baseline = await runMatrix(db.pool, world);
afterAll(async () => db.close());

describe("the RLS matrix: who may do what", () => {
  for (const rule of RULES) {
    it(`${rule.object}: ${rule.rule}`, () => {
      const actual = Object.fromEntries(ACTORS.map((actor) => [actor, baseline.get(cellName({ rule, actor }))]));
      const wanted = Object.fromEntries(ACTORS.map((actor) => [actor, expected({ rule, actor })]));
      expect(actual).toEqual(wanted);
    });
  }
});

describe("the matrix itself", () => {
  it("covers every table and every operation on it", () => {
    const ops = (object: string) =>
      new Set(
        RULES.filter((r) => r.object === object).map((r) => (r.kind === "read" ? "select" : r.statement(world).sql.trim().split(" ")[0])),
      );
    for (const table of TABLES) expect([...ops(table)].sort(), table).toEqual(["delete", "insert", "select", "update"]);
  });

  it("finds policies on every table in the catalog", () => {
    expect(new Set(policies.map((p) => p.tablename))).toEqual(new Set(TABLES));
  });
});

describe("every policy is load-bearing: dropping it changes at least one cell", () => {
  for (const policy of policies) {
    it(`${policy.tablename}: "${policy.policyname}" (${policy.cmd.toLowerCase()})`, async () => {
      const without = await runMatrix(db.pool, world, async (client) => {
        await client.query(`drop policy ${JSON.stringify(policy.policyname)} on public.${policy.tablename}`);
      });
      const changed = CELLS.map(cellName).filter((name) => JSON.stringify(without.get(name)) !== JSON.stringify(baseline.get(name)));
      expect(changed.length, `dropping "${policy.policyname}" changed no cell of the matrix`).toBeGreaterThan(0);
    });
  }
});
