// postgres_changes through the unmodified supabase-js client: who receives which change (row
// level security per subscriber, filters, tokens that change), in which order, with which payload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "@/supabase/tests/helpers/fixtures";
import {
  Inbox,
  startTestRealtime,
  subscribed,
  TestClient,
  type ChangeEvent,
  type TestRealtime,
} from "@habitats/supabase-local/testing/realtime";

type Change = ChangeEvent;
type SystemMessage = { extension: string; status: string; message: string; channel: string };

let env: TestRealtime;
let fixtures: Fixtures;
let owner: string, member: string, stranger: string;
let habitat: string, strangersParty: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  env = await startTestRealtime();
  fixtures = new Fixtures(env.db.pool);
  const f = fixtures;
  [owner, member, stranger] = [await f.user("owner"), await f.user("member"), await f.user("stranger")];
  habitat = await f.habitat(owner, { member: [member] });
  strangersParty = await f.party(await f.habitat(stranger));
  // a table anyone may read, to have something an anon subscriber can be sent
  await env.db.pool.query(`
    create table public.realtime_probe (id bigint generated always as identity primary key, n int, note text);
    grant select on public.realtime_probe to anon, authenticated;
    alter publication supabase_realtime add table public.realtime_probe;`);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await env?.close();
});

async function client(token: string): Promise<TestClient> {
  const c = await TestClient.create(env, token);
  clients.push(c);
  return c;
}

const participantsOf = (party: string) => ({
  event: "*" as const,
  schema: "public",
  table: "stream_participants",
  filter: `stream_id=eq.${party}`,
});
const partyRow = (party: string) => ({
  event: "UPDATE" as const,
  schema: "public",
  table: "habitat_watch_parties",
  filter: `id=eq.${party}`,
});

/** A channel on a party's participants and its row, as the watch party room subscribes. */
function watchParty(c: TestClient, party: string, inbox: Inbox<Change>, system?: Inbox<SystemMessage>) {
  const channel = c.supabase
    .channel(`party:${party}:${Math.random()}`)
    .on("postgres_changes", participantsOf(party), inbox.push)
    .on("postgres_changes", partyRow(party), inbox.push);
  if (system) channel.on("system", {}, system.push);
  return channel;
}

const isJoinOf = (userId: string) => (change: Change) =>
  change.table === "stream_participants" && change.eventType === "INSERT" && change.new.user_id === userId;
const isCount = (count: number) => (change: Change) => change.table === "habitat_watch_parties" && change.new.participant_count === count;

describe("a watch party room", () => {
  it("a member sees each join (INSERT) and the party's participant_count (UPDATE)", async () => {
    const party = await fixtures.party(habitat);
    const inbox = new Inbox<Change>();
    await subscribed(watchParty(await client(await env.userToken(member)), party, inbox));

    await fixtures.join(owner, party);
    await inbox.until((items) => items.some(isJoinOf(owner)) && items.some(isCount(1)));

    const join = inbox.items.find(isJoinOf(owner))!;
    expect(join).toMatchObject({ schema: "public", table: "stream_participants", eventType: "INSERT", old: {}, errors: null });
    expect(join.commit_timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(join.new).toEqual({
      id: expect.any(String),
      stream_id: party,
      user_id: owner,
      joined_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+\+00:00$/),
      is_host: true,
      reminder_enabled: false,
      created_at: expect.any(String),
    });
    const count = inbox.items.find(isCount(1))!;
    expect(count).toMatchObject({ table: "habitat_watch_parties", eventType: "UPDATE" });
    // default replica identity: the old record is the primary key
    expect(count.old).toEqual({ id: party });
    expect(count.new).toMatchObject({ id: party, habitat_id: habitat, participant_count: 1, status: "scheduled" });
  });

  it("a non-member subscribed to the same filters receives nothing, while a member does", async () => {
    const party = await fixtures.party(habitat);
    const memberInbox = new Inbox<Change>();
    const strangerInbox = new Inbox<Change>();
    const strangerClient = await client(await env.userToken(stranger));
    await subscribed(watchParty(await client(await env.userToken(member)), party, memberInbox));
    // the stranger also watches a party of their own: a change there marks the end of the window
    await subscribed(watchParty(strangerClient, party, strangerInbox).on("postgres_changes", partyRow(strangersParty), strangerInbox.push));

    await fixtures.join(owner, party);
    await env.db.pool.query("update public.habitat_watch_parties set title = 'marker' where id = $1", [strangersParty]);

    await memberInbox.until((items) => items.some(isJoinOf(owner)) && items.some(isCount(1)));
    await strangerInbox.some((change) => change.new.id === strangersParty);
    expect(strangerInbox.items.filter((change) => change.new.id !== strangersParty)).toEqual([]);
  });

  it("a refreshed token (setAuth) keeps the subscription", async () => {
    const party = await fixtures.party(habitat);
    const inbox = new Inbox<Change>();
    const system = new Inbox<SystemMessage>();
    const c = await client(await env.userToken(member, 600));
    await subscribed(watchParty(c, party, inbox, system));
    await system.count(1);

    await c.setToken(await env.userToken(member, 3600));
    await system.count(2);
    await fixtures.join(owner, party);

    await inbox.until((items) => items.some(isJoinOf(owner)) && items.some(isCount(1)));
    expect(system.items.map((m) => [m.extension, m.status, m.message])).toEqual([
      ["postgres_changes", "ok", "Subscribed to PostgreSQL"],
      ["postgres_changes", "ok", "Subscribed to PostgreSQL"],
    ]);
  });

  it("after setAuth(anon key) (sign-out) the RLS-protected events stop", async () => {
    const party = await fixtures.party(habitat);
    const [second] = await fixtures.users(1, "second");
    await env.db.pool.query("insert into public.habitat_members (habitat_id, user_id) values ($1, $2)", [habitat, second]);
    const inbox = new Inbox<Change>();
    const system = new Inbox<SystemMessage>();
    const probe = new Inbox<Change>();
    const probeSystem = new Inbox<SystemMessage>();
    const c = await client(await env.userToken(member));
    await subscribed(watchParty(c, party, inbox, system));
    // a second channel on a table anon may read marks the end of the window
    await subscribed(
      c.supabase
        .channel("probe")
        .on("postgres_changes", { event: "INSERT", schema: "public", table: "realtime_probe" }, probe.push)
        .on("system", {}, probeSystem.push),
    );
    await fixtures.join(owner, party);
    await inbox.until((items) => items.some(isJoinOf(owner)) && items.some(isCount(1)));

    await c.setToken(env.anonKey);
    const refused = await system.some((m) => m.status === "error");
    expect(refused).toMatchObject({ extension: "postgres_changes", status: "error" });
    expect(refused.message).toContain("invalid column for filter stream_id");
    await probeSystem.count(2);

    await fixtures.join(second!, party);
    await env.db.pool.query("insert into public.realtime_probe (note) values ('after sign-out')");
    await probe.some((change) => change.new.note === "after sign-out");
    expect(inbox.items.filter(isJoinOf(second!))).toEqual([]);
    expect(inbox.items.filter(isCount(2))).toEqual([]);
  });

  it("200 quick joins arrive in commit order, none lost", async () => {
    const users = await fixtures.users(200, "crowd");
    const f = fixtures;
    const crowdHabitat = await f.habitat(owner);
    await env.db.pool.query("insert into public.habitat_members (habitat_id, user_id) select $1, unnest($2::uuid[])", [
      crowdHabitat,
      users,
    ]);
    const party = await f.party(crowdHabitat);
    const inbox = new Inbox<Change>();
    await subscribed(watchParty(await client(await env.userToken(owner)), party, inbox));

    for (const user of users) await f.join(user, party);

    await inbox.count(400, 60_000);
    const joins = inbox.items.filter((change) => change.table === "stream_participants");
    const counts = inbox.items.filter((change) => change.table === "habitat_watch_parties");
    expect(joins.map((change) => change.new.user_id)).toEqual(users);
    expect(counts.map((change) => change.new.participant_count)).toEqual(users.map((_, i) => i + 1));
  });
});

describe("DELETE", () => {
  it("an unfiltered subscriber gets the primary key only (RLS table); a filtered one gets nothing without REPLICA IDENTITY FULL", async () => {
    const party = await fixtures.party(habitat);
    const unfiltered = new Inbox<Change>();
    const filtered = new Inbox<Change>();
    const counts = new Inbox<Change>();
    await subscribed(
      (await client(await env.userToken(member))).supabase
        .channel("deletes")
        .on("postgres_changes", { event: "DELETE", schema: "public", table: "stream_participants" }, unfiltered.push)
        .on(
          "postgres_changes",
          { event: "DELETE", schema: "public", table: "stream_participants", filter: `stream_id=eq.${party}` },
          filtered.push,
        )
        .on("postgres_changes", partyRow(party), counts.push),
    );
    const joined = await env.db.pool.query<{ id: string }>("select id from public.stream_participants where stream_id = $1", [party]);
    expect(joined.rows).toEqual([]);
    await fixtures.join(owner, party);
    const { rows } = await env.db.pool.query<{ id: string }>("select id from public.stream_participants where stream_id = $1", [party]);
    await fixtures.leave(owner, party);

    // the count going back to 0 is committed with the delete, so it comes after it
    await counts.some(isCount(0));
    expect(unfiltered.items).toEqual([expect.objectContaining({ eventType: "DELETE", new: {}, old: { id: rows[0]!.id } })]);
    expect(filtered.items).toEqual([]);
  });

  it("with REPLICA IDENTITY FULL the filter sees the old row and the event carries the primary key only", async () => {
    await env.db.pool.query("alter table public.stream_participants replica identity full");
    try {
      const party = await fixtures.party(habitat);
      const filtered = new Inbox<Change>();
      const other = new Inbox<Change>();
      const c = await client(await env.userToken(member));
      await subscribed(
        c.supabase
          .channel("deletes-full")
          .on(
            "postgres_changes",
            { event: "DELETE", schema: "public", table: "stream_participants", filter: `stream_id=eq.${party}` },
            filtered.push,
          )
          .on(
            "postgres_changes",
            { event: "DELETE", schema: "public", table: "stream_participants", filter: `stream_id=eq.${strangersParty}` },
            other.push,
          ),
      );
      await fixtures.join(owner, party);
      const { rows } = await env.db.pool.query<{ id: string }>("select id from public.stream_participants where stream_id = $1", [party]);
      await fixtures.leave(owner, party);

      const deleted = await filtered.some((change) => change.eventType === "DELETE");
      expect(deleted.old).toEqual({ id: rows[0]!.id });
      expect(other.items).toEqual([]);
    } finally {
      await env.db.pool.query("alter table public.stream_participants replica identity default");
    }
  });
});

describe("filters", () => {
  it("eq, neq, lt, lte, gt, gte and in pick the rows they describe", async () => {
    const inboxes = Object.fromEntries(
      ["n=eq.3", "n=neq.3", "n=lt.3", "n=lte.3", "n=gt.3", "n=gte.3", "n=in.(1,5)", "n=gt.1,n=lt.4", 'note=eq."a,b"'].map((f) => [
        f,
        new Inbox<Change>(),
      ]),
    );
    let channel = (await client(await env.userToken(member))).supabase.channel("filters");
    for (const [filter, inbox] of Object.entries(inboxes)) {
      channel = channel.on("postgres_changes", { event: "INSERT", schema: "public", table: "realtime_probe", filter }, inbox.push);
    }
    const all = new Inbox<Change>();
    channel = channel.on(
      "postgres_changes",
      { event: "INSERT", schema: "public", table: "realtime_probe", filter: "note=eq.filters" },
      all.push,
    );
    await subscribed(channel);

    await env.db.pool.query("insert into public.realtime_probe (n, note) select n, 'filters' from generate_series(1, 5) n");
    // the last row `all` sees comes after every other row in commit order
    await env.db.pool.query("insert into public.realtime_probe (n, note) values (7, 'a,b'), (null, 'filters')");
    await all.count(6);

    const ns = (filter: string) => inboxes[filter]!.items.map((change) => change.new.n);
    expect(ns("n=eq.3")).toEqual([3]);
    expect(ns("n=neq.3")).toEqual([1, 2, 4, 5, 7]);
    expect(ns("n=lt.3")).toEqual([1, 2]);
    expect(ns("n=lte.3")).toEqual([1, 2, 3]);
    expect(ns("n=gt.3")).toEqual([4, 5, 7]);
    expect(ns("n=gte.3")).toEqual([3, 4, 5, 7]);
    expect(ns("n=in.(1,5)")).toEqual([1, 5]);
    expect(ns("n=gt.1,n=lt.4")).toEqual([2, 3]);
    expect(ns('note=eq."a,b"')).toEqual([7]);
  });

  it("a filter on a column the role may not select is refused with Realtime's message", async () => {
    const system = new Inbox<SystemMessage>();
    await subscribed(
      (await client(env.anonKey)).supabase
        .channel("refused")
        .on("postgres_changes", participantsOf(strangersParty), () => undefined)
        .on("system", {}, system.push),
    );
    const [message] = await system.count(1);
    expect(message).toEqual({
      extension: "postgres_changes",
      status: "error",
      channel: "refused",
      message: `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [event: *, schema: public, table: stream_participants, filters: [{"stream_id", "eq", "${strangersParty}", false}], select: nil]. Exception: ERROR P0001 (raise_exception) invalid column for filter stream_id`,
    });
  });
});

describe("what a subscriber is sent", () => {
  it("`select` narrows the record to the listed columns and the primary key", async () => {
    const party = await fixtures.party(habitat);
    const inbox = new Inbox<Change>();
    await subscribed(
      (await client(await env.userToken(member))).supabase
        .channel("select")
        .on("postgres_changes", { ...partyRow(party), select: ["participant_count"] }, inbox.push),
    );
    await fixtures.join(owner, party);
    const [update] = await inbox.count(1);
    expect(update!.new).toEqual({ id: party, participant_count: 1 });
  });

  it("a role that may not select the primary key gets an event carrying only `Error 401: Unauthorized`, as Realtime sends it", async () => {
    const party = await fixtures.party(habitat);
    const inbox = new Inbox<Change>();
    // anon has no privileges on habitat_watch_parties; without a filter the subscription is accepted
    await subscribed(
      (await client(env.anonKey)).supabase
        .channel("anon-parties")
        .on("postgres_changes", { event: "UPDATE", schema: "public", table: "habitat_watch_parties" }, inbox.push),
    );
    await env.db.pool.query("update public.habitat_watch_parties set title = 'seen by anon?' where id = $1", [party]);
    const [event] = await inbox.count(1);
    expect(event).toEqual({
      schema: "public",
      table: "habitat_watch_parties",
      commit_timestamp: null,
      eventType: "UPDATE",
      new: {},
      old: {},
      errors: ["Error 401: Unauthorized"],
    });
  });
});
