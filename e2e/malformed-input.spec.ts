// Bad input never hurts: a generated corpus (e2e/malformed-corpus.ts) of malformed and foreign
// inputs goes to every server action, over HTTP as the browser sends it, and to the REST endpoints
// the app uses, through supabase-js and hand-made requests. Each answer is a 4xx or a refusal with
// a message a person can read (no 500, no stack trace, no SQL), the server keeps answering, and
// no row of the tables involved changes (counts and an md5 of their rows, read as superuser).
//
// The corpus aims at a "lab" made for this file (two habitats and their parties), so other test
// files creating and joining parties at the same time never disturb the row comparison.
import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  badIdStrings,
  emailInvitationCases,
  habitatIdCases,
  habitatSettingsCases,
  invitationIdCases,
  inviteLinkCases,
  inviteTokenCases,
  memberRoleCases,
  newHabitatCases,
  partyEditCases,
  partyManagementCases,
  removeMemberCases,
  revokeInvitationCases,
  type CommunityTargets,
  foreignOrigins,
  newPartyCases,
  participantTargetCases,
  partyIdCases,
  reminderCases,
  messageIdCases,
  playbackCases,
  sendMessageCases,
  type ChatTargets,
  restRequests,
  rpcCallsOnNothing,
  signInForms,
  signUpForms,
  undecodablePaths,
  unreadableActionBodies,
  type ActionCase,
  type CorpusTargets,
  type FormCase,
  type RestCase,
} from "./malformed-corpus";
import { callServerAction, findActionId, postRawAction } from "./server-actions";
import { apiAs, asSuperuser, signIn, USERS } from "./helpers";
import { readStack } from "./stack";

// one worker runs the file in order (the lab is shared); a failing test does not stop the others
test.describe.configure({ mode: "default" });

const PARTY_ACTIONS = "app/parties/[partyId]/actions.ts";
const HABITAT_ACTIONS = "app/habitats/[habitatId]/actions.ts";
const CHAT_ACTIONS = "app/parties/[partyId]/chat-actions.ts";
const PLAYBACK_ACTIONS = "app/parties/[partyId]/playback-actions.ts";
const LOGIN_ACTIONS = "app/login/actions.ts";
const DASHBOARD_ACTIONS = "app/actions.ts";
const NEW_HABITAT_ACTIONS = "app/habitats/new/actions.ts";
const INVITE_ACTIONS = "app/invite/[token]/actions.ts";
const PARTY_EDIT_ACTIONS = "app/parties/[partyId]/edit-actions.ts";

// ------------------------------------------------------------------------------------------------
// the lab: Alice is a participant (not host) of a party in her habitat; Carol has a habitat of her own
// ------------------------------------------------------------------------------------------------

const LAB = {
  habitatId: "1ab00000-0000-4000-8000-0000000000a1",
  foreignHabitatId: "1ab00000-0000-4000-8000-0000000000c3",
  partyId: "1ab0f000-0000-4000-8000-000000000001",
  emptyPartyId: "1ab0f000-0000-4000-8000-000000000002",
  foreignPartyId: "1ab0f000-0000-4000-8000-000000000003",
  // an invitation of Alice's habitat and one of Carol's, both for someone else; a revoked link to Carol's
  othersInvitationId: "1ab01000-0000-4000-8000-000000000001",
  foreignInvitationId: "1ab01000-0000-4000-8000-000000000002",
  revokedLinkId: "1ab01000-0000-4000-8000-000000000003",
  revokedLinkToken: "LabRevokedInviteLinkToken_000001",
};

const TARGETS: CorpusTargets = {
  partyId: LAB.partyId,
  foreignPartyId: LAB.foreignPartyId,
  habitatId: LAB.habitatId,
  foreignHabitatId: LAB.foreignHabitatId,
  selfId: USERS.alice.id,
  hostId: USERS.bob.id,
  strangerId: USERS.carol.id,
};

const COMMUNITY_TARGETS: CommunityTargets = {
  ...TARGETS,
  othersInvitationId: LAB.othersInvitationId,
  foreignInvitationId: LAB.foreignInvitationId,
  revokedLinkToken: LAB.revokedLinkToken,
};

const CHAT_TARGETS: ChatTargets = {
  ...TARGETS,
  ownMessageId: "1ab0c000-0000-4000-8000-000000000001",
  othersMessageId: "1ab0c000-0000-4000-8000-000000000002",
  foreignMessageId: "1ab0c000-0000-4000-8000-000000000003",
};

async function createLab(): Promise<void> {
  await asSuperuser(async (db) => {
    await db.query("delete from public.habitats where id = any($1)", [[LAB.habitatId, LAB.foreignHabitatId]]);
    await db.query(
      `insert into public.habitats (id, name, created_by) values ($1, 'Malformed Input Lab', $2), ($3, 'Carol''s Corner', $4)`,
      [LAB.habitatId, USERS.alice.id, LAB.foreignHabitatId, USERS.carol.id],
    );
    await db.query(
      `insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'owner'), ($1, $3, 'member'), ($4, $5, 'owner')
       on conflict (habitat_id, user_id) do nothing`,
      [LAB.habitatId, USERS.alice.id, USERS.bob.id, LAB.foreignHabitatId, USERS.carol.id],
    );
    await db.query(
      `insert into public.habitat_watch_parties (id, habitat_id, title, scheduled_start, created_by) values
         ($1, $4, 'Lab party', now() + interval '1 day', $6),
         ($2, $4, 'Lab party nobody joined', now() + interval '1 day', $6),
         ($3, $5, 'Carol''s party', now() + interval '1 day', $7)`,
      [LAB.partyId, LAB.emptyPartyId, LAB.foreignPartyId, LAB.habitatId, LAB.foreignHabitatId, USERS.alice.id, USERS.carol.id],
    );
    // Bob joins first (so he hosts), then Alice; Carol hosts her own party
    for (const [party, user] of [
      [LAB.partyId, USERS.bob.id],
      [LAB.partyId, USERS.alice.id],
      [LAB.foreignPartyId, USERS.carol.id],
    ]) {
      await db.query("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [party, user]);
    }
    await db.query(
      `insert into public.habitat_invitations (id, habitat_id, kind, email, token_hash, status, invited_by) values
         ($1, $4, 'email', 'lab-guest@example.com', null, 'pending', $6),
         ($2, $5, 'email', 'corner-guest@example.com', null, 'pending', $7),
         ($3, $5, 'link', null, extensions.digest($8, 'sha256'), 'revoked', $7)`,
      [
        LAB.othersInvitationId,
        LAB.foreignInvitationId,
        LAB.revokedLinkId,
        LAB.habitatId,
        LAB.foreignHabitatId,
        USERS.alice.id,
        USERS.carol.id,
        LAB.revokedLinkToken,
      ],
    );
    // a chat message of Alice's and one of Bob's in the lab party, one of Carol's in hers
    await db.query(
      "insert into public.party_messages (id, party_id, author_id, body) values ($1, $4, $5, 'Alice here'), ($2, $4, $6, 'Bob here'), ($3, $7, $8, 'Carol here')",
      [
        CHAT_TARGETS.ownMessageId,
        CHAT_TARGETS.othersMessageId,
        CHAT_TARGETS.foreignMessageId,
        LAB.partyId,
        USERS.alice.id,
        USERS.bob.id,
        LAB.foreignPartyId,
        USERS.carol.id,
      ],
    );
  });
}

async function dropLab(): Promise<void> {
  await asSuperuser((db) => db.query("delete from public.habitats where id = any($1)", [[LAB.habitatId, LAB.foreignHabitatId]]));
}

/** Counts and an md5 of the ordered rows of every table the corpus could touch. */
const SNAPSHOT_QUERIES: Record<string, string> = {
  habitats: "select * from public.habitats",
  habitat_members: "select * from public.habitat_members",
  habitat_invitations: "select * from public.habitat_invitations",
  profiles: "select * from public.profiles",
  habitat_watch_parties: `select * from public.habitat_watch_parties where habitat_id in ('${LAB.habitatId}', '${LAB.foreignHabitatId}')`,
  stream_participants: `select sp.* from public.stream_participants sp join public.habitat_watch_parties p on p.id = sp.stream_id
                        where p.habitat_id in ('${LAB.habitatId}', '${LAB.foreignHabitatId}')`,
  auth_users: "select id, email, encrypted_password from auth.users",
  party_messages: `select m.* from public.party_messages m join public.habitat_watch_parties p on p.id = m.party_id
                   where p.habitat_id in ('${LAB.habitatId}', '${LAB.foreignHabitatId}')`,
  party_playback: `select pb.* from public.party_playback pb join public.habitat_watch_parties p on p.id = pb.party_id
                   where p.habitat_id in ('${LAB.habitatId}', '${LAB.foreignHabitatId}')`,
};

type Snapshot = Record<string, { rows: number; md5: string }>;

async function snapshot(): Promise<Snapshot> {
  return asSuperuser(async (db) => {
    const result: Snapshot = {};
    for (const [table, query] of Object.entries(SNAPSHOT_QUERIES)) {
      const { rows } = await db.query<{ rows: number; md5: string }>(
        `select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '') as md5 from (${query}) t`,
      );
      const [row] = rows;
      if (!row) throw new Error(`no snapshot of ${table}`);
      result[table] = row;
    }
    return result;
  });
}

// ------------------------------------------------------------------------------------------------
// what a refusal must look like
// ------------------------------------------------------------------------------------------------

/** Words that betray internals: stack frames, SQL, table names, error codes, library messages. */
const LEAKS =
  /\n\s*at |Error:|stack|\bsql\b|select |insert |delete |update |relation|violates|policy|constraint|column|syntax|postgres|PGRST|\b22P02\b|\b42501\b|stream_participants|habitat_watch_parties|auth\.users|expected \w+, received|Invalid input|undefined|\[object/i;

function expectReadable(message: unknown, label: string): void {
  expect.soft(typeof message, `${label}: the message is text`).toBe("string");
  if (typeof message !== "string") return;
  expect.soft(message.trim().length, `${label}: the message is not empty`).toBeGreaterThan(0);
  expect.soft(message.length, `${label}: the message is short`).toBeLessThanOrEqual(160);
  expect.soft(message, `${label}: the message reveals no internals`).not.toMatch(LEAKS);
}

interface Refusal {
  ok: false;
  error: unknown;
  fieldErrors?: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** `{ ok: false, error }` with readable messages; or, where the case allows it, a successful no-op. */
function expectRefusal(result: unknown, testCase: ActionCase): void {
  const label = testCase.label;
  if (testCase.expect === "refused-or-no-op" && isRecord(result) && result.ok === true) {
    expect
      .soft(result.data, `${label}: a no-op reports that nothing was done`)
      .toMatchObject(isRecord(result.data) && "wasParticipant" in result.data ? { wasParticipant: false } : { removed: false });
    return;
  }
  expect
    .soft(isRecord(result) && result.ok === false, `${label}: the action refuses (got ${JSON.stringify(result)?.slice(0, 200)})`)
    .toBe(true);
  if (!isRecord(result) || result.ok !== false) return;
  const refusal = result as unknown as Refusal;
  expectReadable(refusal.error, label);
  for (const [field, message] of Object.entries(refusal.fieldErrors ?? {})) expectReadable(message, `${label} (${field})`);
}

// ------------------------------------------------------------------------------------------------
// the corpus per target
// ------------------------------------------------------------------------------------------------

interface ActionTarget {
  file: string;
  name: string;
  page: string;
  cases: ActionCase[];
}

const ACTION_TARGETS: ActionTarget[] = [
  { file: PARTY_ACTIONS, name: "joinParty", page: `/parties/${LAB.partyId}`, cases: partyIdCases(TARGETS, "join") },
  { file: PARTY_ACTIONS, name: "leaveParty", page: `/parties/${LAB.partyId}`, cases: partyIdCases(TARGETS, "leave") },
  { file: PARTY_ACTIONS, name: "setReminder", page: `/parties/${LAB.partyId}`, cases: reminderCases(TARGETS) },
  { file: PARTY_ACTIONS, name: "makeHost", page: `/parties/${LAB.partyId}`, cases: participantTargetCases(TARGETS, "makeHost") },
  { file: PARTY_ACTIONS, name: "removeParticipant", page: `/parties/${LAB.partyId}`, cases: participantTargetCases(TARGETS, "remove") },
  { file: HABITAT_ACTIONS, name: "createParty", page: `/habitats/${LAB.habitatId}`, cases: newPartyCases(TARGETS) },
  { file: CHAT_ACTIONS, name: "sendMessage", page: `/parties/${LAB.partyId}`, cases: sendMessageCases(TARGETS) },
  { file: CHAT_ACTIONS, name: "editMessage", page: `/parties/${LAB.partyId}`, cases: messageIdCases(CHAT_TARGETS, "edit") },
  { file: CHAT_ACTIONS, name: "deleteMessage", page: `/parties/${LAB.partyId}`, cases: messageIdCases(CHAT_TARGETS, "delete") },
  { file: PLAYBACK_ACTIONS, name: "setPlayback", page: `/parties/${LAB.partyId}`, cases: playbackCases(TARGETS) },
  { file: NEW_HABITAT_ACTIONS, name: "createHabitat", page: "/habitats/new", cases: newHabitatCases() },
  { file: HABITAT_ACTIONS, name: "updateHabitat", page: `/habitats/${LAB.habitatId}`, cases: habitatSettingsCases(TARGETS) },
  { file: HABITAT_ACTIONS, name: "deleteHabitat", page: `/habitats/${LAB.habitatId}`, cases: habitatIdCases(TARGETS, "delete") },
  { file: HABITAT_ACTIONS, name: "leaveHabitat", page: `/habitats/${LAB.habitatId}`, cases: habitatIdCases(TARGETS, "leave") },
  { file: HABITAT_ACTIONS, name: "inviteByEmail", page: `/habitats/${LAB.habitatId}`, cases: emailInvitationCases(TARGETS) },
  { file: HABITAT_ACTIONS, name: "createInviteLink", page: `/habitats/${LAB.habitatId}`, cases: inviteLinkCases(TARGETS) },
  { file: HABITAT_ACTIONS, name: "revokeInvitation", page: `/habitats/${LAB.habitatId}`, cases: revokeInvitationCases(COMMUNITY_TARGETS) },
  { file: HABITAT_ACTIONS, name: "removeMember", page: `/habitats/${LAB.habitatId}`, cases: removeMemberCases(TARGETS) },
  { file: HABITAT_ACTIONS, name: "changeMemberRole", page: `/habitats/${LAB.habitatId}`, cases: memberRoleCases(TARGETS) },
  { file: DASHBOARD_ACTIONS, name: "acceptInvitation", page: "/", cases: invitationIdCases(COMMUNITY_TARGETS) },
  { file: DASHBOARD_ACTIONS, name: "declineInvitation", page: "/", cases: invitationIdCases(COMMUNITY_TARGETS) },
  { file: INVITE_ACTIONS, name: "acceptInviteLink", page: `/invite/${LAB.revokedLinkToken}`, cases: inviteTokenCases(COMMUNITY_TARGETS) },
  { file: PARTY_EDIT_ACTIONS, name: "updateParty", page: `/parties/${LAB.partyId}`, cases: partyEditCases(TARGETS) },
  { file: PARTY_EDIT_ACTIONS, name: "cancelParty", page: `/parties/${LAB.partyId}`, cases: partyManagementCases(TARGETS) },
  { file: PARTY_EDIT_ACTIONS, name: "deleteParty", page: `/parties/${LAB.partyId}`, cases: partyManagementCases(TARGETS) },
];

const FORM_TARGETS = [
  { name: "signIn", cases: signInForms() },
  { name: "signUp", cases: signUpForms() },
];

/** Ids Postgres itself reads as a uuid (braces, no dashes): well-formed for REST, so not malformed there. */
const POSTGRES_READS_AS_UUID = new Set(["uuid without dashes", "uuid in braces"]);
const restIdStrings = () => badIdStrings().filter((c) => !POSTGRES_READS_AS_UUID.has(c.label));

/** supabase-js calls the app makes (lib/streaming/streaming-repository.ts), each given one bad id. */
type ApiClient = Awaited<ReturnType<typeof apiAs>>;
type ApiResult = PromiseLike<{ status: number; error: { message: string } | null }>;
const SUPABASE_JS_CALLS: Array<{ name: string; call: (api: ApiClient, id: string) => ApiResult }> = [
  {
    name: "streams_with_participants by id",
    call: (api, id) => api.from("streams_with_participants").select("*").eq("id", id).maybeSingle(),
  },
  {
    name: "upcoming_watch_parties by habitat",
    call: (api, id) => api.from("upcoming_watch_parties").select("*").eq("habitat_id", id).limit(100),
  },
  { name: "get_stream_participants", call: (api, id) => api.rpc("get_stream_participants", { p_stream_id: id }) },
  { name: "transfer_stream_host", call: (api, id) => api.rpc("transfer_stream_host", { p_stream_id: id, p_new_host_user_id: id }) },
  { name: "invite_to_habitat", call: (api, id) => api.rpc("invite_to_habitat", { p_habitat_id: id, p_email: "corpus-guest@example.com" }) },
  { name: "create_habitat_invite_link", call: (api, id) => api.rpc("create_habitat_invite_link", { p_habitat_id: id, p_max_uses: 1 }) },
  { name: "revoke_habitat_invitation", call: (api, id) => api.rpc("revoke_habitat_invitation", { p_invitation_id: id }) },
  { name: "accept_habitat_invitation", call: (api, id) => api.rpc("accept_habitat_invitation", { p_invitation_id: id }) },
  { name: "decline_habitat_invitation", call: (api, id) => api.rpc("decline_habitat_invitation", { p_invitation_id: id }) },
  // a token is any text: one that is no link's is "not valid" (404)
  { name: "accept_habitat_invite_link", call: (api, token) => api.rpc("accept_habitat_invite_link", { p_token: token }) },
  {
    name: "join (insert stream_participants)",
    call: (api, id) => api.from("stream_participants").insert({ stream_id: id, user_id: USERS.alice.id }),
  },
  {
    name: "leave (delete stream_participants)",
    call: (api, id) => api.from("stream_participants").delete().eq("stream_id", id).eq("user_id", USERS.alice.id).select("id"),
  },
  {
    name: "reminder (update stream_participants)",
    call: (api, id) => api.from("stream_participants").update({ reminder_enabled: true }).eq("stream_id", id).select("id"),
  },
  {
    name: "schedule (insert habitat_watch_parties)",
    call: (api, id) =>
      api
        .from("habitat_watch_parties")
        .insert({ habitat_id: id, title: "x", scheduled_start: "2030-01-01T20:00:00Z", created_by: USERS.alice.id }),
  },
];

// the corpus may grow, never shrink without someone noticing
const MINIMUM_CASES: Record<string, number> = {
  joinParty: 79,
  leaveParty: 79,
  setReminder: 94,
  makeHost: 161,
  removeParticipant: 161,
  createParty: 121,
  sendMessage: 118,
  editMessage: 117,
  deleteMessage: 83,
  setPlayback: 114,
  createHabitat: 19,
  updateHabitat: 97,
  deleteHabitat: 79,
  leaveHabitat: 80,
  inviteByEmail: 100,
  createInviteLink: 106,
  revokeInvitation: 154,
  removeMember: 152,
  changeMemberRole: 160,
  acceptInvitation: 81,
  declineInvitation: 81,
  acceptInviteLink: 76,
  updateParty: 121,
  cancelParty: 79,
  deleteParty: 79,
  signIn: 15,
  signUp: 13,
  "supabase-js": 376,
  "raw REST": 128,
  "undecodable paths": 11,
  "unreadable action bodies": 54,
  "foreign origins": 6,
};

function corpusSizes(): Record<string, number> {
  return {
    ...Object.fromEntries(ACTION_TARGETS.map((t) => [t.name, t.cases.length])),
    ...Object.fromEntries(FORM_TARGETS.map((t) => [t.name, t.cases.length])),
    "supabase-js": restIdStrings().length * SUPABASE_JS_CALLS.length,
    "raw REST": restRequests(TARGETS).length,
    "undecodable paths": undecodablePaths(TARGETS).length,
    "unreadable action bodies": unreadableActionBodies().length,
    "foreign origins": foreignOrigins("http://127.0.0.1:3100").length,
  };
}

// ------------------------------------------------------------------------------------------------
// helpers for the tests
// ------------------------------------------------------------------------------------------------

/** The server still works: a valid action (joining a party Alice is already in) succeeds. */
async function expectStillServing(request: APIRequestContext, baseURL: string | undefined): Promise<void> {
  const response = await callServerAction(request, PARTY_ACTIONS, "joinParty", `/parties/${LAB.partyId}`, [LAB.partyId], { baseURL });
  expect(response.status).toBe(200);
  expect(response.result).toEqual({ ok: true, data: { alreadyJoined: true } });
}

function formData(testCase: FormCase): FormData {
  const form = new FormData();
  for (const [name, value] of testCase.fields) form.append(name, value);
  return form;
}

interface RestAnswer {
  status: number;
  body: string;
}

async function sendRest(testCase: RestCase, token: string): Promise<RestAnswer> {
  const { apiUrl, anonKey } = readStack();
  try {
    const response = await fetch(`${apiUrl}${testCase.path}`, {
      method: testCase.method,
      headers: { apikey: anonKey, Authorization: `Bearer ${token}`, ...testCase.headers },
      body: testCase.body,
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

function expectRestRefusal(answer: RestAnswer, label: string): void {
  expect.soft(answer.status, `${label}: answered with a 4xx (${answer.body.slice(0, 160)})`).toBeGreaterThanOrEqual(400);
  expect.soft(answer.status, `${label}: answered with a 4xx, not a 5xx (${answer.body.slice(0, 160)})`).toBeLessThan(500);
  let message: unknown = null;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    message = isRecord(parsed) ? parsed.message : null;
  } catch {
    message = null;
  }
  expect
    .soft(typeof message === "string" && message.length > 0, `${label}: a JSON error with a message (${answer.body.slice(0, 160)})`)
    .toBe(true);
}

async function accessToken(): Promise<string> {
  const api = await apiAs(USERS.alice);
  const { data } = await api.auth.getSession();
  if (!data.session) throw new Error("Alice has no session");
  return data.session.access_token;
}

// ------------------------------------------------------------------------------------------------
// the tests
// ------------------------------------------------------------------------------------------------

test.beforeAll(createLab);
test.afterAll(dropLab);

test("the corpus holds at least 200 distinct labelled inputs and never shrinks", () => {
  const sizes = corpusSizes();
  for (const [target, minimum] of Object.entries(MINIMUM_CASES)) {
    expect(sizes[target], `${target} cases`).toBeGreaterThanOrEqual(minimum);
  }
  const labels = [
    ...ACTION_TARGETS.flatMap((t) => t.cases.map((c) => `${t.name}: ${c.label}`)),
    ...FORM_TARGETS.flatMap((t) => t.cases.map((c) => `${t.name}: ${c.label}`)),
    ...restRequests(TARGETS).map((c) => `REST ${c.method} ${c.label}`),
  ];
  expect(new Set(labels).size, "every case has a label of its own").toBe(labels.length);
  expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
});

for (const target of ACTION_TARGETS) {
  test(`${target.name}: ${target.cases.length} malformed or foreign inputs are refused with a readable message, no 5xx, no row changed`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    await signIn(page, USERS.alice, "/");
    const before = await snapshot();
    for (const testCase of target.cases) {
      const response = await callServerAction(page.request, target.file, target.name, target.page, testCase.args, { baseURL });
      expect.soft(response.status, `${testCase.label}: no 5xx (${response.text?.slice(0, 160) ?? ""})`).toBeLessThan(500);
      expectRefusal(response.result, testCase);
    }
    expect(await snapshot(), "no row changed").toEqual(before);
    await expectStillServing(page.request, baseURL);
  });
}

for (const target of FORM_TARGETS) {
  test(`${target.name}: ${target.cases.length} malformed forms are refused with a readable message, nobody is signed in or up, no row changed`, async ({
    request,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const before = await snapshot();
    for (const testCase of target.cases) {
      const previous = { error: null, email: "", displayName: "" };
      const response = await callServerAction(request, LOGIN_ACTIONS, target.name, "/login", [previous, formData(testCase)], { baseURL });
      expect.soft(response.status, `${testCase.label}: no 5xx (${response.text?.slice(0, 160) ?? ""})`).toBeLessThan(500);
      expect.soft(response.redirect, `${testCase.label}: no redirect (nobody signed in)`).toBeNull();
      const error = isRecord(response.result) ? response.result.error : undefined;
      expectReadable(error, testCase.label);
    }
    expect(await snapshot(), "no row changed").toEqual(before);
  });
}

test(`supabase-js: malformed ids sent to every query and RPC the app uses are refused with a 4xx and a message, no row changed`, async () => {
  test.setTimeout(240_000);
  const api = await apiAs(USERS.alice);
  const before = await snapshot();
  for (const { name, call } of SUPABASE_JS_CALLS) {
    for (const testCase of restIdStrings()) {
      const label = `${name} with ${testCase.label}`;
      const { status, error } = await call(api, String(testCase.value));
      expect.soft(status, `${label}: a 4xx (${error?.message.slice(0, 160) ?? "no error"})`).toBeGreaterThanOrEqual(400);
      expect.soft(status, `${label}: not a 5xx (${error?.message.slice(0, 160) ?? ""})`).toBeLessThan(500);
      // a URL of 100 000 characters is refused by the HTTP server itself, before PostgREST could explain
      const urlTooLong =
        String(testCase.value).length > 10_000 &&
        !name.startsWith("join") &&
        !name.startsWith("schedule") &&
        !name.includes("stream_host") &&
        !name.startsWith("get_");
      if (!urlTooLong) expect.soft(typeof error?.message === "string" && error.message.length > 0, `${label}: an error message`).toBe(true);
    }
  }
  expect(await snapshot(), "no row changed").toEqual(before);
});

test("raw REST: filter-syntax abuse, bad order/limit/range, malformed bodies and wrong content types get a 4xx JSON message, no row changed", async () => {
  test.setTimeout(180_000);
  const token = await accessToken();
  const before = await snapshot();
  for (const testCase of restRequests(TARGETS)) {
    const answer = await sendRest(testCase, token);
    const label = `${testCase.method} ${testCase.label}`;
    if (testCase.ignoredByPostgrest) expect.soft(answer.status, `${label}: not a 5xx`).toBeLessThan(500);
    else expectRestRefusal(answer, label);
  }
  expect(await snapshot(), "no row changed").toEqual(before);
  // and the API still answers a valid request
  const answer = await sendRest(
    { label: "valid", method: "GET", path: `/rest/v1/streams_with_participants?id=eq.${LAB.partyId}&select=id` },
    token,
  );
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual([{ id: LAB.partyId }]);
});

// transfer_stream_host raises PT404 for "not found" (migration 20260111), which PostgREST answers as 404.
test("host transfer in a party that does not exist, or that the caller cannot see, is a 4xx for REST clients", async () => {
  const token = await accessToken();
  const before = await snapshot();
  for (const testCase of rpcCallsOnNothing(TARGETS)) {
    expectRestRefusal(await sendRest(testCase, token), testCase.label);
  }
  expect(await snapshot(), "no row changed").toEqual(before);
});

test("an action body over the 1 MB limit is refused as too large (413), not a 500, and changes nothing", async ({ page, baseURL }) => {
  await signIn(page, USERS.alice, "/");
  const before = await snapshot();
  // createParty's input, as the form sends it, made too large by its description alone
  const description = "x".repeat(1024 * 1024 + 1);
  const startsAt = new Date(Date.now() + 3_600_000).toISOString();
  const body = JSON.stringify([{ habitatId: LAB.habitatId, title: "Too large", description, mediaUrl: "", startsAt, endsAt: "" }]);
  const actionId = findActionId(HABITAT_ACTIONS, "createParty");
  const response = await postRawAction(page.request, actionId, `/habitats/${LAB.habitatId}`, body, "text/plain;charset=UTF-8", { baseURL });
  expect(response.status).toBe(413);
  expect(response.text).toBe("That request is too large.");
  expect(await snapshot(), "no row changed").toEqual(before);
  await expectStillServing(page.request, baseURL);
});

// Next.js answered these with a 500 before the app's code ran; proxy.ts now refuses them first.

test("paths whose percent-encoding does not decode get a 400 with a sentence, signed in or out", async ({ page, request, baseURL }) => {
  await signIn(page, USERS.alice, "/");
  for (const { label, path } of undecodablePaths(TARGETS)) {
    for (const [who, client] of [
      ["signed in", page.request],
      ["signed out", request],
    ] as const) {
      const response = await client.get(path, { maxRedirects: 0 });
      expect.soft(response.status(), `${label}, ${who}: a 400 (${path})`).toBe(400);
      expectReadable(await response.text(), `${label}, ${who}`);
    }
  }
  await expectStillServing(page.request, baseURL);
});

test("action bodies React cannot read (not JSON, not a list, references to missing parts) get a 400 with a sentence, no row changed", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.alice, "/");
  const before = await snapshot();
  const actions = [
    findActionId(PARTY_ACTIONS, "joinParty"),
    findActionId(PARTY_ACTIONS, "removeParticipant"),
    findActionId(LOGIN_ACTIONS, "signIn"),
  ];
  for (const testCase of unreadableActionBodies()) {
    for (const actionId of actions) {
      const response = await postRawAction(page.request, actionId, `/parties/${LAB.partyId}`, testCase.body, testCase.contentType, {
        baseURL,
      });
      expect.soft(response.status, `${testCase.label}: a 400 (${response.text?.slice(0, 160) ?? ""})`).toBe(400);
      expectReadable(response.text, testCase.label);
    }
  }
  expect(await snapshot(), "no row changed").toEqual(before);
  await expectStillServing(page.request, baseURL);
});

test("an action posted from another site gets a 403 with a sentence, however valid, and changes nothing", async ({
  page,
  request,
  baseURL,
}) => {
  await signIn(page, USERS.alice, "/");
  const before = await snapshot();
  for (const { label, value: origin } of foreignOrigins(baseURL ?? "http://127.0.0.1:3100")) {
    // a join Alice may make (the lab's empty party), and a sign-in with the right password
    const join = await callServerAction(page.request, PARTY_ACTIONS, "joinParty", `/parties/${LAB.emptyPartyId}`, [LAB.emptyPartyId], {
      baseURL,
      origin: String(origin),
    });
    expect.soft(join.status, `join from ${label}`).toBe(403);
    expectReadable(join.text, `join from ${label}`);
    const form = formData({
      label: "valid",
      fields: [
        ["email", USERS.bob.email],
        ["password", USERS.bob.password],
      ],
    });
    const signInAttempt = await callServerAction(
      request,
      LOGIN_ACTIONS,
      "signIn",
      "/login",
      [{ error: null, email: "", displayName: "" }, form],
      { baseURL, origin: String(origin) },
    );
    expect.soft(signInAttempt.status, `sign-in from ${label}`).toBe(403);
    expect.soft(signInAttempt.redirect, `sign-in from ${label}: nobody signed in`).toBeNull();
  }
  expect(await snapshot(), "no row changed").toEqual(before);
  await expectStillServing(page.request, baseURL);
});

test("the app's pages still render after the corpus", async ({ page }) => {
  await signIn(page, USERS.alice, `/parties/${LAB.partyId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Lab party" })).toBeVisible();
});
