// The malformed-input corpus: a deterministic, generated list of labelled bad inputs (ids that are
// not ids, valid ids of things the caller may not touch, huge and odd strings, wrong types,
// missing fields, SQL-looking strings, PostgREST filter syntax) and, built from it, the argument
// lists sent to each server action. No randomness: the same build always sends the same cases.

export interface MalformedCase {
  label: string;
  value: unknown;
}

/** Ids of the fixtures the corpus aims at (a party the caller is in, one they may not see, ...). */
export interface CorpusTargets {
  /** A party in the caller's habitat that the caller has joined (someone else is host). */
  partyId: string;
  /** A party in a habitat the caller does not belong to. */
  foreignPartyId: string;
  /** The caller's habitat (where partyId is). */
  habitatId: string;
  /** A habitat the caller does not belong to. */
  foreignHabitatId: string;
  /** The caller. */
  selfId: string;
  /** The host of partyId. */
  hostId: string;
  /** Someone in no habitat of the caller. */
  strangerId: string;
}

export type Expectation = "refused" | "refused-or-no-op";

export interface ActionCase {
  label: string;
  args: unknown[];
  /** "refused": `{ ok: false, error }`; "refused-or-no-op": the action may also report that it had nothing to do. */
  expect: Expectation;
}

const UUID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
const deepArray = (depth: number): unknown => (depth === 0 ? UUID : [deepArray(depth - 1)]);
const wideObject = (keys: number): Record<string, number> => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]));

/** Strings no id field should accept: broken uuids, SQL, filter syntax, odd Unicode, huge ones. */
export function badIdStrings(): MalformedCase[] {
  return [
    { label: "empty string", value: "" },
    { label: "a space", value: " " },
    { label: "the word null", value: "null" },
    { label: "the word undefined", value: "undefined" },
    { label: "NaN as text", value: "NaN" },
    { label: "zero as text", value: "0" },
    { label: "negative number as text", value: "-1" },
    { label: "plain words", value: "not-a-uuid" },
    { label: "uuid one digit short", value: UUID.slice(0, -1) },
    { label: "uuid one digit long", value: `${UUID}0` },
    { label: "uuid without dashes", value: UUID.replaceAll("-", "") },
    { label: "uuid in braces", value: `{${UUID}}` },
    { label: "uuid with a non-hex letter", value: `g${UUID.slice(1)}` },
    { label: "uuid with a leading space", value: ` ${UUID}` },
    { label: "uuid with a trailing newline", value: `${UUID}\n` },
    { label: "uuid with misplaced dashes", value: "3f2b8c1e5-d4a-4e6f-9a7b-1c2d3e4f5a6b" },
    { label: "dashes only", value: "-".repeat(36) },
    { label: "urn:uuid prefix", value: `urn:uuid:${UUID}` },
    { label: "uuid then SQL tautology", value: `${UUID}' OR '1'='1` },
    { label: "SQL tautology", value: "' OR '1'='1" },
    { label: "SQL comment injection", value: "' OR 1=1 --" },
    { label: "SQL drop table", value: "'; DROP TABLE stream_participants; --" },
    { label: "SQL delete statement", value: "1; DELETE FROM habitat_watch_parties" },
    { label: "SQL union select", value: "' UNION SELECT email, encrypted_password FROM auth.users --" },
    { label: "SQL dollar quoting", value: "$$; select pg_sleep(5); $$" },
    { label: "SQL cast", value: `'${UUID}'::uuid` },
    { label: "PostgREST operator prefix", value: `eq.${UUID}` },
    { label: "PostgREST or() smuggled after a value", value: `${UUID},or(user_id.not.is.null)` },
    { label: "PostgREST in() list", value: `in.(${UUID},${UUID})` },
    { label: "PostgREST not.is.null", value: "not.is.null" },
    { label: "PostgREST wildcard", value: "*" },
    { label: "LIKE wildcard", value: "%" },
    { label: "query string smuggling", value: `${UUID}&user_id=neq.${UUID}` },
    { label: "path traversal", value: "../../etc/passwd" },
    { label: "HTML script tag", value: "<script>alert(1)</script>" },
    { label: "template expression", value: "${7*7}{{7*7}}" },
    { label: "React reference lookalike $K1", value: "$K1" },
    { label: "React reference lookalike $@0", value: "$@0" },
    { label: "NUL character", value: "\u0000" },
    { label: "uuid with a NUL inside", value: `${UUID.slice(0, 8)}\u0000${UUID.slice(8)}` },
    { label: "lone UTF-16 surrogate", value: "\ud800" },
    { label: "Cyrillic lookalike letters in a uuid", value: UUID.replaceAll("a", "\u0430").replaceAll("e", "\u0435") },
    { label: "fullwidth digits in a uuid", value: UUID.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) },
    { label: "zero-width space inside a uuid", value: `${UUID.slice(0, 8)}\u200b${UUID.slice(8)}` },
    { label: "right-to-left override", value: `\u202e${UUID}` },
    { label: "emoji", value: "🎬🍿" },
    { label: "10 000 characters", value: "x".repeat(10_000) },
    { label: "100 000 digits", value: "9".repeat(100_000) },
    { label: "900 000 characters (just under the 1 MB body limit)", value: "a".repeat(900_000) },
  ];
}

/** Values of the wrong type for a string field. */
export function wrongTypes(): MalformedCase[] {
  return [
    { label: "null", value: null },
    { label: "undefined", value: undefined },
    { label: "number zero", value: 0 },
    { label: "negative number", value: -1 },
    { label: "fraction", value: 1.5 },
    { label: "huge number", value: 1e308 },
    { label: "NaN", value: Number.NaN },
    { label: "Infinity", value: Number.POSITIVE_INFINITY },
    { label: "-Infinity", value: Number.NEGATIVE_INFINITY },
    { label: "true", value: true },
    { label: "false", value: false },
    { label: "empty array", value: [] },
    { label: "array holding a uuid", value: [UUID] },
    { label: "empty object", value: {} },
    { label: "object holding a uuid", value: { id: UUID } },
    { label: "bigint", value: BigInt("123456789012345678901234567890") },
    { label: "Date", value: new Date(0) },
    { label: "Map", value: new Map([["id", UUID]]) },
    { label: "Set", value: new Set([UUID]) },
    { label: "array nested 64 deep", value: deepArray(64) },
    { label: "object with 2 000 keys", value: wideObject(2_000) },
  ];
}

/** Well-formed uuids the caller may not use here: nothing, or something of someone else. */
export function foreignIds(targets: CorpusTargets, kind: "party" | "user"): MalformedCase[] {
  const shared: MalformedCase[] = [
    { label: "random v4 uuid of nothing", value: "7d0c6f7e-9a52-4c1e-8f0b-2f3c4d5e6f70" },
    { label: "nil uuid", value: "00000000-0000-0000-0000-000000000000" },
    { label: "max uuid", value: "ffffffff-ffff-ffff-ffff-ffffffffffff" },
    { label: "v1 uuid of nothing", value: "c232ab00-9414-11ec-b3c8-9f6bdeced846" },
  ];
  if (kind === "party") {
    return [
      ...shared,
      { label: "party of a habitat the caller is not in", value: targets.foreignPartyId },
      { label: "that party's id in upper case", value: targets.foreignPartyId.toUpperCase() },
      { label: "a habitat id used as a party id", value: targets.habitatId },
      { label: "a user id used as a party id", value: targets.selfId },
    ];
  }
  return [
    ...shared,
    { label: "a user in no shared habitat", value: targets.strangerId },
    { label: "a party id used as a user id", value: targets.partyId },
  ];
}

/** Every bad value for an id argument: bad strings, wrong types. */
export function badIds(): MalformedCase[] {
  return [...badIdStrings(), ...wrongTypes()];
}

const refused = (label: string, ...args: unknown[]): ActionCase => ({ label, args, expect: "refused" });

/** joinParty / leaveParty(partyId). Leaving a party one is not in is a no-op by design. */
export function partyIdCases(targets: CorpusTargets, action: "join" | "leave"): ActionCase[] {
  const foreign: Expectation = action === "leave" ? "refused-or-no-op" : "refused";
  return [
    ...badIds().map((c) => refused(c.label, c.value)),
    ...foreignIds(targets, "party").map((c) => ({ label: c.label, args: [c.value], expect: foreign })),
    refused("no argument at all"),
  ];
}

/** setReminder({ partyId, enabled }). */
export function reminderCases(targets: CorpusTargets): ActionCase[] {
  const enabledValues: MalformedCase[] = [
    { label: "'true' as text", value: "true" },
    { label: "1", value: 1 },
    { label: "0", value: 0 },
    { label: "null", value: null },
    { label: "'yes'", value: "yes" },
    { label: "an object", value: { value: true } },
    { label: "an array", value: [true] },
    { label: "SQL text", value: "true; UPDATE stream_participants SET is_host = true" },
  ];
  return [
    ...badIds().map((c) => refused(`partyId ${c.label}`, { partyId: c.value, enabled: true })),
    ...foreignIds(targets, "party").map((c) => refused(`partyId ${c.label}`, { partyId: c.value, enabled: true })),
    ...enabledValues.map((c) => refused(`enabled ${c.label}`, { partyId: targets.partyId, enabled: c.value })),
    refused("enabled missing", { partyId: targets.partyId }),
    refused("partyId missing", { enabled: true }),
    refused("empty object"),
    refused("the whole input null", null),
    refused("the whole input a bare id", targets.partyId),
    refused("the whole input an array", [targets.partyId, true]),
    refused("snake_case keys as the database names them", { stream_id: targets.partyId, reminder_enabled: true }),
    refused("__proto__ key carrying the fields", JSON.parse(`{"__proto__": {"partyId": "${targets.partyId}", "enabled": true}}`)),
  ];
}

/** makeHost / removeParticipant({ partyId, userId }). */
export function participantTargetCases(targets: CorpusTargets, action: "makeHost" | "remove"): ActionCase[] {
  const foreignUser: Expectation = action === "remove" ? "refused-or-no-op" : "refused";
  return [
    ...badIds().map((c) => refused(`partyId ${c.label}`, { partyId: c.value, userId: targets.hostId })),
    ...badIds().map((c) => refused(`userId ${c.label}`, { partyId: targets.partyId, userId: c.value })),
    ...foreignIds(targets, "party").map((c) => ({
      label: `partyId ${c.label}`,
      args: [{ partyId: c.value, userId: targets.hostId }],
      expect: foreignUser,
    })),
    ...foreignIds(targets, "user").map((c) => ({
      label: `userId ${c.label}`,
      args: [{ partyId: targets.partyId, userId: c.value }],
      expect: foreignUser,
    })),
    // the caller is a participant but not the host: they may neither hand over nor remove
    refused("the host as target, by a non-host", { partyId: targets.partyId, userId: targets.hostId }),
    refused("userId missing", { partyId: targets.partyId }),
    refused("partyId missing", { userId: targets.hostId }),
    refused("empty object", {}),
    refused("the whole input null", null),
    refused("the whole input a string", targets.partyId),
    refused("snake_case keys as the RPC names them", { p_stream_id: targets.partyId, p_new_host_user_id: targets.hostId }),
  ];
}

const IN_AN_HOUR = "2030-01-01T20:00:00.000Z";

/** Wrong values of a party's own fields (the party forms: schedule and edit). */
function partyFieldCases(): Array<[string, MalformedCase[]]> {
  return [
    [
      "title",
      [
        { label: "empty", value: "" },
        { label: "only spaces", value: "   " },
        { label: "201 characters", value: "t".repeat(201) },
        { label: "100 000 characters", value: "t".repeat(100_000) },
        { label: "number", value: 42 },
        { label: "null", value: null },
        { label: "array", value: ["a"] },
        { label: "object", value: { text: "a" } },
      ],
    ],
    [
      "description",
      [
        { label: "5001 characters", value: "d".repeat(5_001) },
        { label: "500 000 characters", value: "d".repeat(500_000) },
        { label: "number", value: 7 },
        { label: "object", value: { html: "<b>" } },
      ],
    ],
    [
      "mediaUrl",
      [
        { label: "javascript: URL", value: "javascript:alert(1)" },
        { label: "data: URL", value: "data:text/html,<script>alert(1)</script>" },
        { label: "URL with a space", value: "https://example.com/a b" },
        { label: "2049 characters", value: `https://example.com/${"u".repeat(2_030)}` },
        { label: "SQL text", value: "'); DROP TABLE habitats; --" },
        { label: "boolean", value: true },
      ],
    ],
    [
      "startsAt",
      [
        { label: "empty", value: "" },
        { label: "month 13", value: "2030-13-45T25:61:00Z" },
        { label: "words", value: "tomorrow evening" },
        { label: "epoch milliseconds", value: 1_900_000_000_000 },
        { label: "without an offset", value: "2030-01-01T20:00:00" },
        { label: "in the past", value: "2001-01-01T00:00:00Z" },
        { label: "six-digit year", value: "+275760-09-13T00:00:00.000Z" },
        { label: "SQL text", value: "now()); DELETE FROM habitat_watch_parties; --" },
        { label: "Date object", value: new Date("2030-01-01T20:00:00Z") },
      ],
    ],
    [
      "endsAt",
      [
        { label: "before the start", value: "2030-01-01T19:00:00.000Z" },
        { label: "equal to the start", value: IN_AN_HOUR },
        { label: "words", value: "later" },
        { label: "null", value: null },
        { label: "number", value: 0 },
      ],
    ],
  ];
}

/**
 * A form action's corpus: one field wrong at a time (the rest of `valid` valid), each field missing,
 * then inputs of the wrong shape (`text` as the whole input's string).
 */
function oneFieldWrongAtATime(valid: Record<string, unknown>, fieldCases: Array<[string, MalformedCase[]]>, text: string): ActionCase[] {
  return [
    ...fieldCases.flatMap(([field, cases]) => cases.map((c) => refused(`${field} ${c.label}`, { ...valid, [field]: c.value }))),
    ...Object.keys(valid).map((field) => {
      const rest: Record<string, unknown> = { ...valid };
      delete rest[field];
      return refused(`${field} missing`, rest);
    }),
    refused("no argument"),
    refused("the whole input null", null),
    refused("the whole input a string", text),
    refused("the whole input an array", Object.values(valid)),
  ];
}

/** Every bad id, and ids of something else, for a habitat id field; never the caller's own habitat. */
function habitatIdValues(targets: CorpusTargets): MalformedCase[] {
  return [
    ...badIds(),
    ...foreignIds(targets, "party").filter((c) => c.value !== targets.habitatId),
    { label: "of a habitat the caller is not in", value: targets.foreignHabitatId },
  ];
}

/** createParty(input): one field wrong at a time, the rest valid; then wrong shapes. */
export function newPartyCases(targets: CorpusTargets): ActionCase[] {
  const valid = { habitatId: targets.habitatId, title: "Corpus party", description: "", mediaUrl: "", startsAt: IN_AN_HOUR, endsAt: "" };
  return [
    ...oneFieldWrongAtATime(valid, [["habitatId", habitatIdValues(targets)], ...partyFieldCases()], "Corpus party"),
    refused("snake_case keys as the table names them", { habitat_id: targets.habitatId, title: "x", scheduled_start: IN_AN_HOUR }),
  ];
}

export interface FormCase {
  label: string;
  fields: Array<[string, string | Blob]>;
}

const longEmail = `${"a".repeat(250)}@example.com`;

/** signIn(previousState, form): every form is refused (bad shape, or credentials that match nobody). */
export function signInForms(): FormCase[] {
  const good = { email: "nobody-here@example.com", password: "password123" };
  const emails: MalformedCase[] = [
    { label: "empty", value: "" },
    { label: "no at sign", value: "alice.example.com" },
    { label: "SQL tautology", value: "' OR '1'='1" },
    { label: "SQL in the local part", value: "alice'--@example.com" },
    { label: "too long", value: longEmail },
    { label: "filter syntax", value: "eq.alice@example.com,or(id.not.is.null)" },
    { label: "NUL character", value: "alice@example.com\u0000" },
    { label: "100 000 characters", value: "e".repeat(100_000) },
  ];
  const passwords: MalformedCase[] = [
    { label: "empty", value: "" },
    { label: "129 characters", value: "p".repeat(129) },
    { label: "SQL tautology against a real account", value: "' OR '1'='1" },
  ];
  return [
    ...emails.map((c) => ({
      label: `email ${c.label}`,
      fields: [
        ["email", String(c.value)],
        ["password", good.password],
      ] as Array<[string, string]>,
    })),
    ...passwords.map((c) => ({
      label: `password ${c.label}`,
      fields: [
        ["email", c.label.includes("real account") ? "alice@example.com" : good.email],
        ["password", String(c.value)],
      ] as Array<[string, string]>,
    })),
    { label: "email and password missing", fields: [] },
    {
      label: "email sent as a file",
      fields: [
        ["email", new Blob(["alice@example.com"], { type: "text/plain" })],
        ["password", "password123"],
      ],
    },
    {
      label: "email given twice",
      fields: [
        ["email", "not-an-email"],
        ["email", "alice@example.com"],
        ["password", "password123"],
      ],
    },
    {
      label: "a next path off-site with a bad email",
      fields: [
        ["email", "x"],
        ["password", "p"],
        ["next", "//evil.example/steal"],
      ],
    },
  ];
}

/** signUp(previousState, form): every form is refused, so no account (and no profile) appears. */
export function signUpForms(): FormCase[] {
  const good: Record<string, string> = { displayName: "Corpus Person", email: "corpus-signup@example.com", password: "password123" };
  const form = (overrides: Record<string, string | null>): Array<[string, string]> =>
    Object.entries({ ...good, ...overrides }).flatMap(([key, value]) => (value === null ? [] : [[key, value] as [string, string]]));
  return [
    { label: "display name empty", fields: form({ displayName: "" }) },
    { label: "display name only spaces", fields: form({ displayName: "    " }) },
    { label: "display name 81 characters", fields: form({ displayName: "n".repeat(81) }) },
    { label: "display name 100 000 characters", fields: form({ displayName: "n".repeat(100_000) }) },
    { label: "display name missing", fields: form({ displayName: null }) },
    { label: "email invalid, SQL display name", fields: form({ displayName: "'); DELETE FROM profiles; --", email: "nope" }) },
    { label: "email too long", fields: form({ email: longEmail }) },
    { label: "email missing", fields: form({ email: null }) },
    { label: "password 5 characters", fields: form({ password: "12345" }) },
    { label: "password 73 characters", fields: form({ password: "p".repeat(73) }) },
    { label: "password missing", fields: form({ password: null }) },
    {
      label: "an existing account's email",
      fields: form({ email: "alice@example.com", displayName: "'; UPDATE profiles SET display_name = 'x'; --" }),
    },
    {
      label: "everything empty",
      fields: [
        ["displayName", ""],
        ["email", ""],
        ["password", ""],
      ],
    },
  ];
}

export interface RestCase {
  label: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path and query under the API url, e.g. "/rest/v1/stream_participants?select=*". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** PostgREST ignores this oddity and answers normally: then only "no 5xx, no row changed" holds. */
  ignoredByPostgrest?: true;
}

const json = { "Content-Type": "application/json" };

/**
 * Hand-made PostgREST requests no supabase-js call would produce: filter syntax abuse, embedding
 * tables PostgREST must not expose, bad order/limit/range, malformed JSON bodies, wrong content
 * types. Each must be refused with a 4xx and a JSON message.
 */
export function restRequests(targets: CorpusTargets): RestCase[] {
  const sp = "/rest/v1/stream_participants";
  const parties = "/rest/v1/habitat_watch_parties";
  const views = ["/rest/v1/streams_with_participants", "/rest/v1/upcoming_watch_parties"];
  const hugeIn = Array.from({ length: 3_000 }, (_, i) => `${i}`).join(",");
  const q = encodeURIComponent;
  const reads: RestCase[] = [sp, parties, ...views].flatMap((table): RestCase[] => [
    { label: `${table}: or() smuggled into an eq value`, method: "GET", path: `${table}?id=eq.x,or(id.not.is.null)` },
    { label: `${table}: embed auth.users`, method: "GET", path: `${table}?select=*,auth.users(*)` },
    { label: `${table}: embed a table with no relationship`, method: "GET", path: `${table}?select=*,users(*)` },
    { label: `${table}: select an unknown column`, method: "GET", path: `${table}?select=encrypted_password` },
    { label: `${table}: cast to an unknown type`, method: "GET", path: `${table}?select=id::no_such_type` },
    { label: `${table}: unclosed select paren`, method: "GET", path: `${table}?select=*,habitats(*` },
    { label: `${table}: huge in() list of non-uuids`, method: "GET", path: `${table}?id=in.(${hugeIn})` },
    { label: `${table}: unclosed in() list`, method: "GET", path: `${table}?id=in.(a,b` },
    { label: `${table}: unknown operator`, method: "GET", path: `${table}?id=xx.1` },
    { label: `${table}: order by an unknown column`, method: "GET", path: `${table}?order=no_such_column.asc` },
    { label: `${table}: order in an unknown direction`, method: "GET", path: `${table}?order=id.sideways` },
    { label: `${table}: order by SQL`, method: "GET", path: `${table}?order=${q("(select 1);--")}` },
    { label: `${table}: negative limit`, method: "GET", path: `${table}?limit=-1` },
    { label: `${table}: limit as words`, method: "GET", path: `${table}?limit=all-of-them`, ignoredByPostgrest: true },
    { label: `${table}: offset as words`, method: "GET", path: `${table}?offset=abc`, ignoredByPostgrest: true },
    { label: `${table}: SQL in an eq value`, method: "GET", path: `${table}?id=eq.${q("'; DROP TABLE habitats; --")}` },
    { label: `${table}: NUL in an eq value`, method: "GET", path: `${table}?id=eq.%00` },
    { label: `${table}: unbalanced or()`, method: "GET", path: `${table}?or=(id.eq.1` },
    { label: `${table}: or() with an unknown column`, method: "GET", path: `${table}?or=(nope.eq.1,id.eq.2)` },
    { label: `${table}: deeply nested and()`, method: "GET", path: `${table}?and=${"(and".repeat(200)}(id.eq.1)${")".repeat(200)}` },
    { label: `${table}: malformed Range header`, method: "GET", path: table, headers: { Range: "10-5", "Range-Unit": "items" } },
    {
      label: `${table}: a singular object asked of many rows`,
      method: "GET",
      path: `${table}?id=not.is.null`,
      headers: { Accept: "application/vnd.pgrst.object+json" },
    },
  ]);
  const writes: RestCase[] = [
    { label: "insert: malformed JSON", method: "POST", path: sp, headers: json, body: '{"stream_id":' },
    { label: "insert: JSON of the wrong shape (array of numbers)", method: "POST", path: sp, headers: json, body: "[1,2,3]" },
    { label: "insert: a number as stream_id", method: "POST", path: sp, headers: json, body: '{"stream_id":123}' },
    {
      label: "insert: an unknown column",
      method: "POST",
      path: sp,
      headers: json,
      body: `{"stream_id":"${targets.partyId}","no_such_column":1}`,
    },
    { label: "insert: a non-uuid stream_id", method: "POST", path: sp, headers: json, body: '{"stream_id":"not-a-uuid"}' },
    {
      label: "insert: someone else as the participant",
      method: "POST",
      path: sp,
      headers: json,
      body: `{"stream_id":"${targets.partyId}","user_id":"${targets.strangerId}"}`,
    },
    {
      label: "insert: into a party of another habitat",
      method: "POST",
      path: sp,
      headers: json,
      body: `{"stream_id":"${targets.foreignPartyId}","user_id":"${targets.selfId}"}`,
    },
    {
      label: "insert: XML content type",
      method: "POST",
      path: sp,
      headers: { "Content-Type": "text/xml" },
      body: "<stream_id>x</stream_id>",
    },
    {
      label: "insert: form-encoded garbage",
      method: "POST",
      path: sp,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "stream_id=not-a-uuid",
    },
    {
      label: "insert: JSON labelled text/plain",
      method: "POST",
      path: sp,
      headers: { "Content-Type": "text/plain" },
      body: '{"stream_id":"x"}',
    },
    {
      label: "insert: on_conflict on an unknown column",
      method: "POST",
      path: `${sp}?on_conflict=nope`,
      headers: { ...json, Prefer: "resolution=merge-duplicates" },
      body: `{"stream_id":"${targets.partyId}"}`,
    },
    { label: "insert: columns= naming an unknown column", method: "POST", path: `${sp}?columns=nope`, headers: json, body: '{"nope":1}' },
    {
      label: "update: malformed JSON",
      method: "PATCH",
      path: `${sp}?stream_id=eq.${targets.partyId}`,
      headers: json,
      body: "{reminder_enabled: true",
    },
    {
      label: "update: text as a boolean",
      method: "PATCH",
      path: `${sp}?stream_id=eq.${targets.partyId}`,
      headers: json,
      body: '{"reminder_enabled":"maybe"}',
    },
    {
      label: "update: filter or() smuggled into a value",
      method: "PATCH",
      path: `${sp}?stream_id=eq.x,or(stream_id.not.is.null)`,
      headers: json,
      body: '{"reminder_enabled":true}',
    },
    { label: "update: empty filter value", method: "PATCH", path: `${sp}?stream_id=eq.`, headers: json, body: '{"reminder_enabled":true}' },
    {
      label: "update: a party's title to 100 000 characters",
      method: "PATCH",
      path: `${parties}?id=eq.not-a-uuid`,
      headers: json,
      body: JSON.stringify({ title: "t".repeat(100_000) }),
    },
    {
      label: "update: a party's status to an unknown one",
      method: "PATCH",
      path: `${parties}?id=eq.${targets.partyId}`,
      headers: json,
      body: '{"status":"exploded"}',
    },
    {
      label: "update: a party's start to words",
      method: "PATCH",
      path: `${parties}?id=eq.${targets.partyId}`,
      headers: json,
      body: '{"scheduled_start":"whenever"}',
    },
    { label: "delete: filter abuse in a value", method: "DELETE", path: `${parties}?id=eq.x,or(id.not.is.null)` },
    { label: "delete: SQL in a value", method: "DELETE", path: `${sp}?stream_id=eq.${q("1' OR '1'='1")}` },
    { label: "delete: unknown operator", method: "DELETE", path: `${sp}?stream_id=zz.1` },
    { label: "insert party: malformed JSON", method: "POST", path: parties, headers: json, body: "{" },
    {
      label: "insert party: title too long",
      method: "POST",
      path: parties,
      headers: json,
      body: JSON.stringify({
        habitat_id: targets.habitatId,
        title: "t".repeat(201),
        scheduled_start: "2030-01-01T20:00:00Z",
        created_by: targets.selfId,
      }),
    },
    {
      label: "insert party: ends before it starts",
      method: "POST",
      path: parties,
      headers: json,
      body: JSON.stringify({
        habitat_id: targets.habitatId,
        title: "x",
        scheduled_start: "2030-01-01T20:00:00Z",
        scheduled_end: "2030-01-01T19:00:00Z",
        created_by: targets.selfId,
      }),
    },
    {
      label: "insert party: in another habitat",
      method: "POST",
      path: parties,
      headers: json,
      body: JSON.stringify({
        habitat_id: targets.foreignHabitatId,
        title: "x",
        scheduled_start: "2030-01-01T20:00:00Z",
        created_by: targets.selfId,
      }),
    },
  ];
  const rpc = (name: string, body: string, label: string, headers: Record<string, string> = json): RestCase => ({
    label: `${name}: ${label}`,
    method: "POST",
    path: `/rest/v1/rpc/${name}`,
    headers,
    body,
  });
  const rpcs: RestCase[] = [
    rpc("get_stream_participants", '{"p_stream_id":"x"}', "a non-uuid id"),
    rpc("get_stream_participants", '{"p_stream_id":', "malformed JSON"),
    rpc("get_stream_participants", "{}", "the argument missing"),
    rpc("get_stream_participants", '{"p_stream_id":[1]}', "an array as id"),
    rpc("get_stream_participants", `{"p_stream_id":"${targets.partyId}","extra":1}`, "an unknown argument"),
    rpc("get_stream_participants", '{"p_stream_id":"x"}', "XML content type", { "Content-Type": "application/xml" }),
    { label: "get_stream_participants: GET with a non-uuid id", method: "GET", path: "/rest/v1/rpc/get_stream_participants?p_stream_id=x" },
    rpc("transfer_stream_host", '{"p_stream_id":"x","p_new_host_user_id":"y"}', "non-uuid ids"),
    rpc("transfer_stream_host", "[", "malformed JSON"),
    rpc("transfer_stream_host", `{"p_stream_id":"${targets.partyId}"}`, "the new host missing"),
    rpc(
      "transfer_stream_host",
      `{"p_stream_id":"${targets.partyId}","p_new_host_user_id":"${targets.selfId}","p_force":true}`,
      "an unknown argument",
    ),
    rpc(
      "transfer_stream_host",
      `{"p_stream_id":"${targets.partyId}","p_new_host_user_id":"${targets.selfId}"}`,
      "by a participant who is not the host",
    ),
    {
      label: "transfer_stream_host: GET on a volatile function",
      method: "GET",
      path: `/rest/v1/rpc/transfer_stream_host?p_stream_id=${targets.partyId}&p_new_host_user_id=${targets.selfId}`,
    },
    rpc("no_such_function", "{}", "an unknown function"),
  ];
  return [...reads, ...writes, ...rpcs];
}

/** RPC calls with well-formed ids of nothing: the answer must still be a 4xx, not a 500. */
export function rpcCallsOnNothing(targets: CorpusTargets): RestCase[] {
  const nothing = "7d0c6f7e-9a52-4c1e-8f0b-2f3c4d5e6f70";
  return [
    {
      label: "transfer_stream_host in a party that does not exist",
      method: "POST",
      path: "/rest/v1/rpc/transfer_stream_host",
      headers: json,
      body: JSON.stringify({ p_stream_id: nothing, p_new_host_user_id: targets.selfId }),
    },
    {
      label: "transfer_stream_host in a party of another habitat",
      method: "POST",
      path: "/rest/v1/rpc/transfer_stream_host",
      headers: json,
      body: JSON.stringify({ p_stream_id: targets.foreignPartyId, p_new_host_user_id: targets.selfId }),
    },
    ...[
      ["invite_to_habitat", { p_habitat_id: nothing, p_email: "corpus-guest@example.com" }, "to a habitat that does not exist"],
      [
        "invite_to_habitat",
        { p_habitat_id: targets.foreignHabitatId, p_email: "corpus-guest@example.com" },
        "to a habitat of which the caller is no member",
      ],
      ["create_habitat_invite_link", { p_habitat_id: targets.foreignHabitatId }, "to a habitat of which the caller is no member"],
      ["revoke_habitat_invitation", { p_invitation_id: nothing }, "of an invitation that does not exist"],
      ["accept_habitat_invitation", { p_invitation_id: nothing }, "of an invitation that does not exist"],
      ["decline_habitat_invitation", { p_invitation_id: nothing }, "of an invitation that does not exist"],
      ["accept_habitat_invite_link", { p_token: "A".repeat(32) }, "with a token of no link"],
    ].map(([name, body, what]) => ({
      label: `${String(name)} ${String(what)}`,
      method: "POST" as const,
      path: `/rest/v1/rpc/${String(name)}`,
      headers: json,
      body: JSON.stringify(body),
    })),
  ];
}

// ------------------------------------------------------------------------------------------------
// requests Next.js itself answered with a 500 before the app's code ran (proxy.ts refuses them)
// ------------------------------------------------------------------------------------------------

export interface PathCase {
  label: string;
  /** As sent, percent-encoding left as it is. */
  path: string;
}

/** Paths whose percent-encoding does not decode to text: a cut sequence, a lone byte, a surrogate. */
export function undecodablePaths(targets: CorpusTargets): PathCase[] {
  return [
    { label: "party id: a cut UTF-8 sequence", path: "/parties/%E0%A4%A" },
    { label: "habitat id: a cut UTF-8 sequence", path: "/habitats/%E0%A4%A" },
    { label: "party id: a lone lead byte", path: "/parties/%C0" },
    { label: "party id: an overlong slash", path: "/parties/%C0%AF" },
    { label: "party id: an encoded surrogate", path: "/parties/%ED%A0%80" },
    { label: "party id: a percent sign alone", path: "/parties/%" },
    { label: "party id: a percent sign and non-hex", path: "/parties/%zz" },
    { label: "habitat id: a lone continuation byte", path: "/habitats/%80" },
    { label: "after a valid party id", path: `/parties/${targets.partyId}/%E0%A4%A` },
    { label: "the dashboard", path: "/%C0" },
    { label: "the login page", path: "/login/%E0%A4%A" },
  ];
}

export interface ActionBodyCase {
  label: string;
  body: string;
  contentType: string;
}

/**
 * Action bodies React's decodeReply cannot read: not JSON, JSON that is not a list of arguments,
 * and references to parts (a Map, a FormData, a promise, a server reference) a text body lacks.
 */
export function unreadableActionBodies(): ActionBodyCase[] {
  const bodies: MalformedCase[] = [
    { label: "not json", value: "not json" },
    { label: "a Map reference to the root", value: '["$Q0"]' },
    { label: "a Set reference", value: '["$W0"]' },
    { label: "a FormData reference", value: '["$K0"]' },
    { label: "a chunk reference", value: '["$1"]' },
    { label: "a promise reference inside an object", value: '[{"partyId":"$@0"}]' },
    { label: "a server reference", value: '["$h0"]' },
    { label: "a Blob reference", value: '["$B0"]' },
    { label: "an iterator reference", value: '["$i0"]' },
    { label: "a stream reference", value: '["$R0"]' },
    { label: "a reference deep inside", value: '[[[[{"a":[{"b":"$Q1"}]}]]]]' },
    { label: "an object instead of a list", value: '{"partyId":"x"}' },
    { label: "a string instead of a list", value: '"x"' },
    { label: "null", value: "null" },
    { label: "an unclosed list", value: "[" },
    { label: "empty", value: "" },
  ];
  const types = ["text/plain;charset=UTF-8", "application/json", "application/x-www-form-urlencoded"];
  const boundary = "corpus-boundary";
  const multipart = (parts: Record<string, string>) =>
    Object.entries(parts)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  const multipartBodies: MalformedCase[] = [
    { label: "multipart that is not multipart", value: "garbage" },
    { label: "multipart without the arguments part", value: multipart({ "1": "x" }) },
    { label: "multipart arguments not json", value: multipart({ "0": "not json" }) },
    { label: "multipart arguments a Map reference to the root", value: multipart({ "0": '["$Q0"]' }) },
    { label: "multipart arguments a chunk reference", value: multipart({ "0": '["$1"]', "1": "[]" }) },
    { label: "multipart arguments an object", value: multipart({ "0": '{"a":1}' }) },
  ];
  return [
    ...types.flatMap((contentType) => bodies.map((c) => ({ label: `${c.label} (${contentType})`, body: String(c.value), contentType }))),
    ...multipartBodies.map((c) => ({ label: c.label, body: String(c.value), contentType: `multipart/form-data; boundary=${boundary}` })),
  ];
}

/** Origins of pages that are not the app's: a post from one of them is another site's. */
export function foreignOrigins(appOrigin: string): MalformedCase[] {
  const app = new URL(appOrigin);
  return [
    { label: "another site", value: "https://evil.example" },
    { label: "another port of the app's host", value: `${app.protocol}//${app.hostname}:1` },
    { label: "the app's host as a subdomain", value: `https://${app.hostname}.evil.example` },
    { label: "localhost for 127.0.0.1", value: `${app.protocol}//localhost:${app.port}` },
    { label: "a sandboxed page (null)", value: "null" },
    { label: "garbage", value: "not an origin" },
  ];
}

// ------------------------------------------------------------------------------------------------
// watch together: the chat's and the player's actions
// ------------------------------------------------------------------------------------------------

/** The chat's fixtures: a message of the caller's in partyId, Bob's there, and one in the foreign party. */
export interface ChatTargets extends CorpusTargets {
  ownMessageId: string;
  othersMessageId: string;
  foreignMessageId: string;
}

/** Bodies no message may have: empty, too long, control and text-direction characters, wrong types. */
export function badMessageBodies(): MalformedCase[] {
  return [
    { label: "empty", value: "" },
    { label: "only spaces and a no-break space", value: "  \u00a0 " },
    { label: "501 characters", value: "m".repeat(501) },
    { label: "501 emoji", value: "🍿".repeat(501) },
    { label: "100 000 characters", value: "m".repeat(100_000) },
    { label: "a NUL character", value: "a\u0000b" },
    { label: "a bell character", value: "ding\u0007" },
    { label: "a newline inside", value: "two\nlines" },
    { label: "an ANSI escape sequence", value: "\u001b[31mred" },
    { label: "a C1 control", value: "a\u0085b" },
    { label: "a right-to-left override", value: "txt.exe\u202egpj" },
    { label: "a left-to-right isolate", value: "\u2066isolated\u2069" },
    { label: "a lone UTF-16 surrogate", value: "\ud800" },
    ...wrongTypes().filter((c) => typeof c.value !== "string"),
  ];
}

/** sendMessage({ partyId, body }). The caller is a participant (not host) of partyId. */
export function sendMessageCases(targets: CorpusTargets): ActionCase[] {
  return [
    ...badIds().map((c) => refused(`partyId ${c.label}`, { partyId: c.value, body: "hello" })),
    ...foreignIds(targets, "party").map((c) => refused(`partyId ${c.label}`, { partyId: c.value, body: "hello" })),
    ...badMessageBodies().map((c) => refused(`body ${c.label}`, { partyId: targets.partyId, body: c.value })),
    refused("body missing", { partyId: targets.partyId }),
    refused("partyId missing", { body: "hello" }),
    refused("the whole input null", null),
    refused("the whole input a string", "hello"),
    refused("the whole input an array", [targets.partyId, "hello"]),
    refused("snake_case keys as the table names them", { party_id: targets.partyId, body: "hello" }),
  ];
}

/** editMessage({ messageId, body }) and deleteMessage({ messageId }). */
export function messageIdCases(targets: ChatTargets, action: "edit" | "delete"): ActionCase[] {
  const input = (messageId: unknown) => (action === "edit" ? { messageId, body: "edited" } : { messageId });
  const others = action === "edit" ? targets.othersMessageId : targets.foreignMessageId;
  return [
    ...badIds().map((c) => refused(`messageId ${c.label}`, input(c.value))),
    ...foreignIds(targets, "party").map((c) => refused(`messageId ${c.label}`, input(c.value))),
    refused(action === "edit" ? "another member's message" : "a message of a party in another habitat", input(others)),
    ...(action === "edit"
      ? badMessageBodies().map((c) => refused(`own message, body ${c.label}`, { messageId: targets.ownMessageId, body: c.value }))
      : []),
    refused("messageId missing", action === "edit" ? { body: "edited" } : {}),
    refused("the whole input null", null),
    refused("the whole input a bare id", targets.ownMessageId),
    refused("snake_case keys", { message_id: targets.ownMessageId, body: "edited" }),
  ];
}

/** setPlayback({ partyId, positionSeconds, isPlaying, playbackRate, at }). The caller is not the host. */
export function playbackCases(targets: CorpusTargets): ActionCase[] {
  const valid = { partyId: targets.partyId, positionSeconds: 12.5, isPlaying: true, playbackRate: 1, at: 1_900_000_000_000 };
  const withField = (field: string, value: unknown) => ({ ...valid, [field]: value });
  const numbers: MalformedCase[] = [
    { label: "NaN", value: Number.NaN },
    { label: "Infinity", value: Number.POSITIVE_INFINITY },
    { label: "-1", value: -1 },
    { label: "a number as text", value: "10" },
    { label: "null", value: null },
    { label: "an object", value: { seconds: 1 } },
    { label: "a bigint", value: BigInt(10) },
  ];
  const fields: Array<[string, MalformedCase[]]> = [
    ["positionSeconds", [...numbers, { label: "past seven days", value: 604_801 }]],
    ["playbackRate", [...numbers, { label: "zero", value: 0 }, { label: "16", value: 16 }]],
    ["at", [...numbers, { label: "past the end of time", value: 1e20 }]],
    [
      "isPlaying",
      [
        { label: "'true' as text", value: "true" },
        { label: "1", value: 1 },
        { label: "null", value: null },
      ],
    ],
  ];
  return [
    refused("a valid update by a participant who is not the host", valid),
    ...badIds().map((c) => refused(`partyId ${c.label}`, withField("partyId", c.value))),
    ...foreignIds(targets, "party").map((c) => refused(`partyId ${c.label}`, withField("partyId", c.value))),
    ...fields.flatMap(([field, cases]) => cases.map((c) => refused(`${field} ${c.label}`, withField(field, c.value)))),
    ...Object.keys(valid).map((field) => {
      const rest: Record<string, unknown> = { ...valid };
      delete rest[field];
      return refused(`${field} missing`, rest);
    }),
    refused("the whole input null", null),
    refused("snake_case keys as the RPC names them", { p_party_id: targets.partyId, p_position: 1, p_playing: true }),
  ];
}

// ------------------------------------------------------------------------------------------------
// communities: habitats, their members and invitations, and editing parties
// ------------------------------------------------------------------------------------------------

export interface CommunityTargets extends CorpusTargets {
  /** an invitation of the caller's habitat, addressed to someone else */
  othersInvitationId: string;
  /** an invitation of a habitat the caller is not in */
  foreignInvitationId: string;
  /** the token of a revoked invite link to a habitat the caller is not in (a member's acceptance is a no-op success) */
  revokedLinkToken: string;
}

const habitatFieldCases = (): Array<[string, MalformedCase[]]> => [
  [
    "name",
    [
      { label: "empty", value: "" },
      { label: "only spaces", value: "   " },
      { label: "101 characters", value: "n".repeat(101) },
      { label: "100 000 characters", value: "n".repeat(100_000) },
      { label: "number", value: 42 },
      { label: "null", value: null },
      { label: "array", value: ["Club"] },
      { label: "object", value: { name: "Club" } },
    ],
  ],
  [
    "description",
    [
      { label: "2001 characters", value: "d".repeat(2_001) },
      { label: "500 000 characters", value: "d".repeat(500_000) },
      { label: "number", value: 7 },
      { label: "null", value: null },
    ],
  ],
];

/** createHabitat({ name, description }): every case is refused, so no habitat appears. */
export function newHabitatCases(): ActionCase[] {
  return [
    ...oneFieldWrongAtATime({ name: "Corpus habitat", description: "" }, habitatFieldCases(), "Corpus habitat"),
    refused("snake_case keys as the table names them", { habitat_name: "x", created_by: "x" }),
  ];
}

/** updateHabitat({ habitatId, name, description }): bad fields of the caller's habitat, or habitats not theirs to own. */
export function habitatSettingsCases(targets: CorpusTargets): ActionCase[] {
  return oneFieldWrongAtATime(
    { habitatId: targets.habitatId, name: "Renamed by the corpus", description: "" },
    [["habitatId", habitatIdValues(targets)], ...habitatFieldCases()],
    "Renamed by the corpus",
  );
}

/** deleteHabitat / leaveHabitat(habitatId): never the caller's own habitat, but for leaving (its only owner stays). */
export function habitatIdCases(targets: CorpusTargets, action: "delete" | "leave"): ActionCase[] {
  return [
    ...habitatIdValues(targets).map((c) => refused(c.label, c.value)),
    ...(action === "leave" ? [refused("the caller's own habitat, of which they are the only owner", targets.habitatId)] : []),
    refused("no argument at all"),
  ];
}

/** inviteByEmail({ habitatId, email }). */
export function emailInvitationCases(targets: CorpusTargets): ActionCase[] {
  const emails: MalformedCase[] = [
    { label: "empty", value: "" },
    { label: "only spaces", value: "   " },
    { label: "no at sign", value: "guest.example.com" },
    { label: "two at signs", value: "guest@@example.com" },
    { label: "no domain", value: "guest@" },
    { label: "a space inside", value: "gu est@example.com" },
    { label: "255 characters", value: `${"g".repeat(243)}@example.com` },
    { label: "100 000 characters", value: "g".repeat(100_000) },
    { label: "SQL text", value: "x'); DELETE FROM habitat_invitations; --" },
    { label: "HTML", value: "<script>alert(1)</script>@example.com" },
    { label: "a list of addresses", value: "a@example.com, b@example.com" },
    { label: "number", value: 42 },
    { label: "null", value: null },
    { label: "array", value: ["guest@example.com"] },
    { label: "object", value: { email: "guest@example.com" } },
  ];
  return [
    // the valid baseline (a good address to the caller's own habitat) is never sent whole
    ...oneFieldWrongAtATime(
      { habitatId: targets.habitatId, email: "corpus-guest@example.com" },
      [
        ["habitatId", habitatIdValues(targets)],
        ["email", emails],
      ],
      "corpus-guest@example.com",
    ),
    refused("snake_case keys as the function names them", { p_habitat_id: targets.habitatId, p_email: "corpus-guest@example.com" }),
  ];
}

/** createInviteLink({ habitatId, expiresInDays, maxUses }). */
export function inviteLinkCases(targets: CorpusTargets): ActionCase[] {
  const counts = (what: string): MalformedCase[] => [
    { label: "zero", value: 0 },
    { label: "negative", value: -1 },
    { label: "a fraction", value: 1.5 },
    { label: "NaN", value: Number.NaN },
    { label: "Infinity", value: Number.POSITIVE_INFINITY },
    { label: "as text", value: "7" },
    { label: "true", value: true },
    { label: "an object", value: { [what]: 7 } },
    { label: "an array", value: [7] },
  ];
  return [
    // the baseline is a habitat the caller is not in: sent whole, it is refused too
    ...oneFieldWrongAtATime(
      { habitatId: targets.foreignHabitatId, expiresInDays: 7, maxUses: 5 },
      [["habitatId", habitatIdValues(targets)]],
      "7",
    ),
    ...counts("days").map((c) =>
      refused(`expiresInDays ${c.label}`, { habitatId: targets.habitatId, expiresInDays: c.value, maxUses: null }),
    ),
    refused("expiresInDays over a year", { habitatId: targets.habitatId, expiresInDays: 366, maxUses: null }),
    ...counts("uses").map((c) => refused(`maxUses ${c.label}`, { habitatId: targets.habitatId, expiresInDays: null, maxUses: c.value })),
    refused("maxUses over 1000", { habitatId: targets.habitatId, expiresInDays: null, maxUses: 1001 }),
    refused("both missing, the caller's own habitat", { habitatId: targets.habitatId }),
  ];
}

/** revokeInvitation({ habitatId, invitationId }): never an invitation the caller may revoke. */
export function revokeInvitationCases(targets: CommunityTargets): ActionCase[] {
  return [
    ...badIds().map((c) => refused(`invitationId ${c.label}`, { habitatId: targets.habitatId, invitationId: c.value })),
    ...badIds().map((c) => refused(`habitatId ${c.label}`, { habitatId: c.value, invitationId: targets.foreignInvitationId })),
    ...foreignIds(targets, "party").map((c) => refused(`invitationId ${c.label}`, { habitatId: targets.habitatId, invitationId: c.value })),
    refused("an invitation of a habitat the caller is not in", {
      habitatId: targets.foreignHabitatId,
      invitationId: targets.foreignInvitationId,
    }),
    refused("that invitation under the caller's own habitat", { habitatId: targets.habitatId, invitationId: targets.foreignInvitationId }),
    refused("invitationId missing", { habitatId: targets.habitatId }),
    refused("the whole input null", null),
    refused("the whole input a bare id", targets.foreignInvitationId),
    refused("no argument"),
  ];
}

/** acceptInvitation / declineInvitation(invitationId): never one addressed to the caller. */
export function invitationIdCases(targets: CommunityTargets): ActionCase[] {
  return [
    ...badIds().map((c) => refused(c.label, c.value)),
    ...foreignIds(targets, "party").map((c) => refused(c.label, c.value)),
    refused("an invitation of the caller's habitat addressed to someone else", targets.othersInvitationId),
    refused("an invitation of another habitat addressed to someone else", targets.foreignInvitationId),
    refused("no argument at all"),
  ];
}

/** acceptInviteLink(token): malformed tokens, tokens of nothing, and a revoked link's. */
export function inviteTokenCases(targets: CommunityTargets): ActionCase[] {
  return [
    ...badIds().map((c) => refused(c.label, c.value)),
    refused("32 characters that are no link's token", "A".repeat(32)),
    refused("the revoked link's token", targets.revokedLinkToken),
    refused("that token one character short", targets.revokedLinkToken.slice(1)),
    refused("that token with a character more", `${targets.revokedLinkToken}A`),
    refused("that token in a whole link", `http://127.0.0.1/invite/${targets.revokedLinkToken}`),
    refused("no argument at all"),
  ];
}

/** removeMember({ habitatId, userId }): never someone the caller may remove. */
export function removeMemberCases(targets: CorpusTargets): ActionCase[] {
  return [
    ...badIds().map((c) => refused(`userId ${c.label}`, { habitatId: targets.habitatId, userId: c.value })),
    ...badIds().map((c) => refused(`habitatId ${c.label}`, { habitatId: c.value, userId: targets.strangerId })),
    ...foreignIds(targets, "user").map((c) => refused(`userId ${c.label}`, { habitatId: targets.habitatId, userId: c.value })),
    refused("the caller themselves", { habitatId: targets.habitatId, userId: targets.selfId }),
    refused("the owner of a habitat the caller is not in", { habitatId: targets.foreignHabitatId, userId: targets.strangerId }),
    refused("a member of the caller's habitat, named under another habitat", {
      habitatId: targets.foreignHabitatId,
      userId: targets.hostId,
    }),
    refused("userId missing", { habitatId: targets.habitatId }),
    refused("the whole input null", null),
    refused("no argument"),
  ];
}

/** changeMemberRole({ habitatId, userId, role }): never a change the caller may make. */
export function memberRoleCases(targets: CorpusTargets): ActionCase[] {
  const roles: MalformedCase[] = [
    { label: "an unknown role", value: "admin" },
    { label: "empty", value: "" },
    { label: "upper case", value: "OWNER" },
    { label: "with blanks", value: " member " },
    { label: "SQL text", value: "owner'; --" },
    { label: "null", value: null },
    { label: "number", value: 3 },
    { label: "array", value: ["owner"] },
    { label: "object", value: { role: "owner" } },
  ];
  return [
    ...roles.map((c) => refused(`role ${c.label}`, { habitatId: targets.habitatId, userId: targets.hostId, role: c.value })),
    ...badIds().map((c) => refused(`userId ${c.label}`, { habitatId: targets.habitatId, userId: c.value, role: "member" })),
    ...badIds().map((c) => refused(`habitatId ${c.label}`, { habitatId: c.value, userId: targets.hostId, role: "member" })),
    ...foreignIds(targets, "user").map((c) =>
      refused(`userId ${c.label}`, { habitatId: targets.habitatId, userId: c.value, role: "moderator" }),
    ),
    refused("the caller's own role", { habitatId: targets.habitatId, userId: targets.selfId, role: "member" }),
    refused("the owner of a habitat the caller is not in", {
      habitatId: targets.foreignHabitatId,
      userId: targets.strangerId,
      role: "member",
    }),
    refused("role missing", { habitatId: targets.habitatId, userId: targets.hostId }),
    refused("the whole input null", null),
    refused("no argument"),
  ];
}

/** updateParty({ partyId, ...fields }): bad fields of the caller's party, or parties not theirs to edit. */
export function partyEditCases(targets: CorpusTargets): ActionCase[] {
  const valid = {
    partyId: targets.partyId,
    title: "Edited by the corpus",
    description: "",
    mediaUrl: "",
    startsAt: IN_AN_HOUR,
    endsAt: "",
  };
  const partyIds = [...badIds(), ...foreignIds(targets, "party")];
  return [
    // "startsAt in the past" passes the form's checks: the database refuses the reschedule
    ...oneFieldWrongAtATime(valid, [["partyId", partyIds], ...partyFieldCases()], "Edited by the corpus"),
    refused("snake_case keys as the table names them", { id: targets.partyId, title: "x", scheduled_start: IN_AN_HOUR }),
  ];
}

/** cancelParty / deleteParty(partyId): never the caller's own party. */
export function partyManagementCases(targets: CorpusTargets): ActionCase[] {
  return [
    ...badIds().map((c) => refused(c.label, c.value)),
    ...foreignIds(targets, "party").map((c) => refused(c.label, c.value)),
    refused("no argument at all"),
  ];
}
