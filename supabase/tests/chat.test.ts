// The party room's chat in the database: who reads and writes, what a body may be, the rate limit,
// edits and deletions (authors, the host, owners and moderators), what the room hears, keyset
// pages, and the watch together migration's rollback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  anon,
  asUser,
  freshDatabase,
  pgError,
  query,
  serviceRole,
  type Caller,
  type TestDatabase,
} from "@habitats/supabase-local/testing/database";
import { WATCH_TOGETHER_VERSION } from "./helpers/constants";
import { rollBack } from "./helpers/rollback";
import { Fixtures } from "./helpers/fixtures";
import { castParty, createCast, type Cast } from "./helpers/room-cast";
import { capturePlans } from "./helpers/plans";
import { roomBroadcasts, utcNow } from "./helpers/realtime";

interface Message {
  id: string;
  party_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
}

let db: TestDatabase;
let f: Fixtures;
let ids: Cast["ids"];
let habitat: string;
let party: string;

const post = async (caller: Caller, body: string, partyId = party): Promise<Message> =>
  (
    await query<Message>(db.pool, caller, "insert into public.party_messages (party_id, body) values ($1, $2) returning *", [partyId, body])
  )[0]!;

/** A message written as the table's owner (no rate limit in the way of setting up). */
const seed = async (authorId: string, body: string, partyId = party): Promise<string> => {
  await db.pool.query("delete from private.party_message_sends where user_id = $1", [authorId]);
  return (
    await db.pool.query<{ id: string }>("insert into public.party_messages (party_id, author_id, body) values ($1, $2, $3) returning id", [
      partyId,
      authorId,
      body,
    ])
  ).rows[0]!.id;
};

const page = (caller: Caller, before: { created_at: Date; id: string } | null = null, limit = 50, partyId = party) =>
  query<Message>(db.pool, caller, "select * from public.get_party_messages($1, $2, $3, $4)", [
    partyId,
    before?.created_at ?? null,
    before?.id ?? null,
    limit,
  ]);

const bodies = async (partyId = party) =>
  (
    await db.pool.query<{ body: string }>("select body from public.party_messages where party_id = $1 order by created_at, id", [partyId])
  ).rows.map((r) => r.body);

/** Forgets everyone's recent sends, as if 10 seconds had passed. */
const tenSecondsLater = () =>
  db.pool.query("update private.party_message_sends set sent_at = array(select t - interval '11 seconds' from unnest(sent_at) t)");

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
  ({ ids, habitat } = await createCast(f));
});
afterAll(async () => db?.close());

beforeEach(async () => {
  // a party of its own per test (see castParty)
  party = await castParty(db.pool, f, { ids, habitat }, { exMemberLeaves: false });
  await db.pool.query("delete from private.party_message_sends");
});

describe("reading", () => {
  it("members, participants, the host, owner and moderator read the chat with authors' names; strangers and ex-members read nothing; anon is refused", async () => {
    await seed(ids.participant, "hello");
    await seed(ids.exMember, "bye");
    await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, ids.exMember]);
    for (const who of ["member", "participant", "host", "owner", "moderator"] as const) {
      const rows = await page(asUser(ids[who]));
      // an ex-member's words stay, under their name
      expect(
        rows.map((m) => [m.author_name, m.body]),
        who,
      ).toEqual([
        ["ex-member", "bye"],
        ["participant", "hello"],
      ]);
      expect(await query(db.pool, asUser(ids[who]), "select id from public.party_messages where party_id = $1", [party]), who).toHaveLength(
        2,
      );
    }
    expect(await page(serviceRole)).toHaveLength(2);
    for (const who of ["stranger", "exMember"] as const) {
      expect(await page(asUser(ids[who])), who).toEqual([]);
      expect(await query(db.pool, asUser(ids[who]), "select id from public.party_messages"), who).toEqual([]);
    }
    expect((await pgError(page(anon))).code).toBe("42501");
    expect((await pgError(query(db.pool, anon, "select id from public.party_messages"))).code).toBe("42501");
  });
});

describe("writing", () => {
  it("a participant posts as themselves: trimmed, stamped by the database", async () => {
    const message = await post(asUser(ids.participant), "  Popcorn ready?\u00a0 ");
    expect(message).toMatchObject({ author_id: ids.participant, body: "Popcorn ready?", edited_at: null });
    expect(message.created_at).toBeInstanceOf(Date);
  });

  it("a member who has not joined, a stranger, an ex-member and anon may not post; nobody posts as someone else", async () => {
    await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, ids.exMember]);
    for (const [who, caller] of [
      ["member", asUser(ids.member)],
      ["owner", asUser(ids.owner)],
      ["stranger", asUser(ids.stranger)],
      ["ex-member", asUser(ids.exMember)],
      ["anon", anon],
    ] as const) {
      expect((await pgError(post(caller, "hi"))).code, who).toBe("42501");
    }
    const forged = query(
      db.pool,
      asUser(ids.participant),
      "insert into public.party_messages (party_id, author_id, body) values ($1, $2, 'as the host')",
      [party, ids.host],
    );
    expect((await pgError(forged)).code).toBe("42501");
    const stamped = query(
      db.pool,
      asUser(ids.participant),
      "insert into public.party_messages (party_id, body, created_at) values ($1, 'backdated', '2001-01-01')",
      [party],
    );
    expect((await pgError(stamped)).code).toBe("42501");
    expect(await bodies()).toEqual([]);
  });

  const refused: Array<[string, string]> = [
    ["empty", ""],
    ["only spaces", "   "],
    ["only a no-break space and a BOM", "\u00a0\ufeff"],
    ["501 characters", "x".repeat(501)],
    ["501 emoji", "🍿".repeat(501)],
    ["a bell character", "ding\u0007"],
    ["a newline inside", "two\nlines"],
    ["an escape sequence", "\u001b[31mred"],
    ["a C1 control", "a\u0085b"],
    ["a right-to-left override", "abc\u202edcba"],
    ["a left-to-right isolate", "\u2066isolated\u2069"],
  ];
  for (const [label, body] of refused) {
    it(`refused: ${label} (23514, a readable message, nothing stored, not counted as a send)`, async () => {
      const error = await pgError(post(asUser(ids.participant), body));
      expect(error.code).toBe("23514");
      expect(error.message).toMatch(/message/);
      expect(await bodies()).toEqual([]);
      const sends = await db.pool.query("select * from private.party_message_sends");
      expect(sends.rows).toEqual([]);
    });
  }

  it("exactly 500 characters (emoji count as one) and a right-to-left mark are fine", async () => {
    await post(asUser(ids.participant), "🎬".repeat(500));
    await post(asUser(ids.participant), "שלום \u200f!");
    expect(await bodies()).toHaveLength(2);
  });

  it("a NUL character is refused by the text type itself", async () => {
    const error = await pgError(post(asUser(ids.participant), "a\u0000b"));
    expect(error.code).toMatch(/^22/);
    expect(await bodies()).toEqual([]);
  });
});

describe("the rate limit: 5 messages per 10 seconds per sender and party", () => {
  it("the sixth is refused with PT429 (PostgREST: 429) and a readable message; the count survives deleting messages", async () => {
    for (let i = 1; i <= 5; i++) await post(asUser(ids.participant), `message ${i}`);
    const error = await pgError(post(asUser(ids.participant), "message 6"));
    expect(error).toEqual({ code: "PT429", message: "you are sending messages too quickly: wait a few seconds" });
    await query(db.pool, asUser(ids.participant), "delete from public.party_messages where party_id = $1", [party]);
    expect((await pgError(post(asUser(ids.participant), "after deleting"))).code).toBe("PT429");
    expect(await bodies()).toEqual([]);
  });

  it("others in the party, and the same person in another party, are not held back; 10 seconds later they may send again", async () => {
    for (let i = 1; i <= 5; i++) await post(asUser(ids.participant), `message ${i}`);
    await post(asUser(ids.host), "the host still talks");
    const other = await f.party(habitat);
    await f.join(ids.participant, other);
    await post(asUser(ids.participant), "elsewhere", other);
    await tenSecondsLater();
    await post(asUser(ids.participant), "again");
    expect(await bodies()).toHaveLength(7);
  });

  it("race: 12 sends at once by one participant store exactly 5", async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => post(asUser(ids.participant), `burst ${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code?: string }).code).toBe("PT429");
    expect(await bodies()).toHaveLength(5);
  });
});

describe("editing", () => {
  it("the author edits their message: trimmed, checked, stamped edited_at", async () => {
    const { id } = await post(asUser(ids.participant), "typo");
    const [edited] = await query<Message>(
      db.pool,
      asUser(ids.participant),
      "update public.party_messages set body = ' fixed ' where id = $1 returning *",
      [id],
    );
    expect(edited).toMatchObject({ body: "fixed" });
    expect(edited!.edited_at).toBeInstanceOf(Date);
    expect(
      (
        await pgError(
          query(db.pool, asUser(ids.participant), "update public.party_messages set body = $2 where id = $1", [id, "x".repeat(501)]),
        )
      ).code,
    ).toBe("23514");
    expect(await bodies()).toEqual(["fixed"]);
  });

  it("nobody else edits it, the host and owner included; an author who left the habitat no longer can", async () => {
    const { id } = await post(asUser(ids.exMember), "mine");
    for (const who of ["participant", "host", "owner", "moderator", "stranger"] as const) {
      const rows = await query(db.pool, asUser(ids[who]), "update public.party_messages set body = 'hijacked' where id = $1 returning id", [
        id,
      ]);
      expect(rows, who).toEqual([]);
    }
    await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, ids.exMember]);
    expect(
      await query(db.pool, asUser(ids.exMember), "update public.party_messages set body = 'changed' where id = $1 returning id", [id]),
    ).toEqual([]);
    expect(
      (
        await pgError(
          query(db.pool, asUser(ids.participant), "update public.party_messages set author_id = $2 where id = $1", [id, ids.participant]),
        )
      ).code,
    ).toBe("42501");
    expect(await bodies()).toEqual(["mine"]);
  });
});

describe("deleting", () => {
  const deleteAs = (caller: Caller, id: string) =>
    query(db.pool, caller, "delete from public.party_messages where id = $1 returning id", [id]);

  it("an author deletes their own; another participant, a member and a stranger cannot", async () => {
    const id = await seed(ids.participant, "oops");
    for (const who of ["member", "stranger"] as const) expect(await deleteAs(asUser(ids[who]), id), who).toEqual([]);
    const other = await seed(ids.host, "the host's");
    expect(await deleteAs(asUser(ids.participant), other)).toEqual([]);
    expect(await deleteAs(asUser(ids.participant), id)).toHaveLength(1);
    expect(await bodies()).toEqual(["the host's"]);
  });

  it("the host, the habitat's owner and a moderator delete anyone's message", async () => {
    for (const who of ["host", "owner", "moderator"] as const) {
      const id = await seed(ids.participant, `removed by ${who}`);
      expect(await deleteAs(asUser(ids[who]), id), who).toHaveLength(1);
    }
    expect(await bodies()).toEqual([]);
  });

  it("an ex-member deletes nothing, not even their own; anon is refused", async () => {
    const id = await seed(ids.exMember, "left behind");
    await db.pool.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, ids.exMember]);
    expect(await deleteAs(asUser(ids.exMember), id)).toEqual([]);
    expect((await pgError(deleteAs(anon, id))).code).toBe("42501");
    expect(await bodies()).toEqual(["left behind"]);
  });

  it("a host of another party has no power here", async () => {
    const id = await seed(ids.participant, "stays");
    const elsewhere = await f.party(habitat);
    await f.join(ids.member, elsewhere);
    expect(await deleteAs(asUser(ids.member), id)).toEqual([]);
    expect(await bodies()).toEqual(["stays"]);
  });
});

describe("what the room hears", () => {
  it("a message with its author's name, an edit and a deletion reach party:<id>, privately", async () => {
    const since = await utcNow(db.pool);
    const message = await post(asUser(ids.participant), "hi all");
    await query(db.pool, asUser(ids.participant), "update public.party_messages set body = 'hi everyone' where id = $1", [message.id]);
    await query(db.pool, asUser(ids.host), "delete from public.party_messages where id = $1", [message.id]);
    const room = await roomBroadcasts(db.pool, `party:${party}`, since);
    expect(room.map((m) => m.event)).toEqual(["chat_message", "chat_message_edited", "chat_message_deleted"]);
    expect(room.every((m) => m.private)).toBe(true);
    expect(room[0]!.payload.message).toMatchObject({
      id: message.id,
      partyId: party,
      authorId: ids.participant,
      authorName: "participant",
      body: "hi all",
      editedAt: null,
    });
    expect(room[1]!.payload).toMatchObject({ id: message.id, body: "hi everyone" });
    expect(room[2]!.payload).toEqual({ id: message.id, partyId: party });
  });

  it("refused posts broadcast nothing; a party's deletion does not broadcast each message's", async () => {
    const since = await utcNow(db.pool);
    await pgError(post(asUser(ids.member), "not a participant"));
    await seed(ids.participant, "one");
    await seed(ids.participant, "two");
    await db.pool.query("delete from public.habitat_watch_parties where id = $1", [party]);
    const room = await roomBroadcasts(db.pool, `party:${party}`, since);
    expect(room.filter((m) => m.event.startsWith("chat_message_deleted"))).toEqual([]);
  });
});

describe("pages: the newest 50, then older ones by keyset", () => {
  it("walks 120 messages newest first without gaps or repeats, through the keyset index", async () => {
    // a backlog written past the rate limit (its trigger off for this transaction only)
    const writer = await db.pool.connect();
    try {
      await writer.query("begin; set local session_replication_role = replica");
      await writer.query(
        `insert into public.party_messages (party_id, author_id, body, created_at)
         select $1, $2, 'message ' || i, now() - make_interval(secs => 200 - i) from generate_series(1, 120) i`,
        [party, ids.participant],
      );
      await writer.query("commit");
    } finally {
      writer.release();
    }
    // ties in created_at are ordered by id: two messages at the same instant
    await db.pool.query(
      "update public.party_messages set created_at = (select created_at from public.party_messages where body = 'message 60') where body = 'message 61'",
    );
    const seen: string[] = [];
    let before: Message | null = null;
    for (;;) {
      const rows: Message[] = await page(asUser(ids.member), before ? { created_at: before.created_at, id: before.id } : null);
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(50);
      seen.push(...rows.map((m) => m.body));
      before = rows[rows.length - 1]!;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe("message 120");
    expect(seen.at(-1)).toBe("message 1");

    const client = await db.pool.connect();
    try {
      const plans = await capturePlans(client, () =>
        client.query("select * from public.get_party_messages($1, now(), $2, 50)", [party, "ffffffff-ffff-ffff-ffff-ffffffffffff"]),
      );
      expect([...plans.indexes]).toContain("party_messages_party_created_idx");
      expect(plans.scans.filter((s) => s.startsWith("Seq Scan on party_messages"))).toEqual([]);
    } finally {
      client.release();
    }
  });

  it("a bad page size or half a cursor is a readable 22023", async () => {
    for (const limit of [0, -1, 101]) expect((await pgError(page(asUser(ids.member), null, limit))).code, String(limit)).toBe("22023");
    const half = query(db.pool, asUser(ids.member), "select * from public.get_party_messages($1, now(), null, 10)", [party]);
    expect((await pgError(half)).code).toBe("22023");
  });
});

describe("rollback", () => {
  it("supabase/rollbacks/20260118000000_watch_together.sql returns the catalog to the previous migration's, and runs twice", async () => {
    const { rolledBack, before } = await rollBack(
      `${WATCH_TOGETHER_VERSION}_watch_together.sql`,
      WATCH_TOGETHER_VERSION,
      "tpl_before_watch_together",
    );
    expect(rolledBack).toEqual(before);
  });
});
