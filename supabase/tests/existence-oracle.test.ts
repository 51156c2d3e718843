// A stranger learns nothing about ids: whatever they try on a party or habitat of someone else's,
// the answer is the one they get for an id that does not exist, in SQL as the authenticated role
// (what PostgREST relays) and as the server actions word it (StreamService over the same SQL).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, freshDatabase, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import type { ActionResult } from "@/lib/action-result";
import { StreamingError } from "@/lib/streaming/errors";
import { StreamService } from "@/lib/streaming/stream-service";
import type { NewParty, PartyChanges, StreamingRepository } from "@/lib/streaming/streaming-repository";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;
let stranger: string;
let member: string;
let habitat: string;
let party: string;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
  const owner = await f.user("owner");
  [member, stranger] = [await f.user("member"), await f.user("stranger")];
  habitat = await f.habitat(owner, { member: [member] });
  party = await f.party(habitat);
  await f.join(member, party);
  await f.habitat(stranger);
});
afterAll(async () => db?.close());

/** What a statement answers `userId`: its rows, or its error's code and message. */
async function answer(userId: string, sql: string, params: unknown[]): Promise<unknown> {
  try {
    return { rows: await query(db.pool, asUser(userId), sql, params) };
  } catch (error) {
    if (error instanceof Error && "code" in error) return { code: error.code, message: error.message };
    throw error;
  }
}

// each statement, given the id of someone else's party (or habitat) and then a random id
const STATEMENTS: Array<[string, string, (id: string) => unknown[], "party" | "habitat"]> = [
  ["join", "insert into public.stream_participants (stream_id, user_id) values ($1, (select auth.uid()))", (id) => [id], "party"],
  [
    "leave",
    "delete from public.stream_participants where stream_id = $1 and user_id = (select auth.uid()) returning id",
    (id) => [id],
    "party",
  ],
  [
    "remove a participant",
    "delete from public.stream_participants where stream_id = $1 and user_id = $2 returning id",
    (id) => [id, member],
    "party",
  ],
  [
    "turn the reminder on",
    "update public.stream_participants set reminder_enabled = true where stream_id = $1 returning id",
    (id) => [id],
    "party",
  ],
  ["hand the host role over", "select public.transfer_stream_host($1, $2)", (id) => [id, member], "party"],
  ["list participants", "select * from public.get_stream_participants($1)", (id) => [id], "party"],
  ["read the party", "select id from public.streams_with_participants where id = $1", (id) => [id], "party"],
  ["list a habitat's members", "select * from public.get_habitat_members($1)", (id) => [id], "habitat"],
  [
    "schedule a party",
    "insert into public.habitat_watch_parties (habitat_id, title, scheduled_start, created_by) values ($1, 'Mine now', now() + interval '1 day', (select auth.uid())) returning id",
    (id) => [id],
    "habitat",
  ],
];

describe("in SQL, as the authenticated role: someone else's id and a random id get the same answer", () => {
  it.each(STATEMENTS)("%s", async (_name, sql, params, kind) => {
    const existing = kind === "party" ? party : habitat;
    const theirs = await answer(stranger, sql, params(existing));
    expect(theirs).toEqual(await answer(stranger, sql, params(randomUUID())));
  });

  it("joining is refused alike (42501) whether the party exists or not", async () => {
    const sql = "insert into public.stream_participants (stream_id, user_id) values ($1, (select auth.uid()))";
    expect(await answer(stranger, sql, [party])).toEqual({
      code: "42501",
      message: "only members of this habitat can join its watch parties",
    });
  });

  it("a full habitat still answers a stranger as any other (the quota is checked after access)", async () => {
    await db.pool.query(
      `insert into public.habitat_watch_parties (habitat_id, title, scheduled_start)
       select $1, 'Filler ' || g, now() + make_interval(days => g) from generate_series(1, 60) g`,
      [habitat],
    );
    const sql = STATEMENTS.find(([name]) => name === "schedule a party")!;
    const theirs = await answer(stranger, sql[1], sql[2](habitat));
    expect(theirs).toMatchObject({ code: "42501" });
    expect(theirs).toEqual(await answer(stranger, sql[1], sql[2](randomUUID())));
  });

  it("a stranger's handover neither waits on a party's lock nor takes it", async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query("begin");
      await holder.query("select 1 from public.habitat_watch_parties where id = $1 for update", [party]);
      const client = await db.pool.connect();
      try {
        await client.query("begin");
        await client.query("set local role authenticated");
        await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: stranger, role: "authenticated" })]);
        await client.query("set local lock_timeout = '1s'");
        const error = await client.query("select public.transfer_stream_host($1, $2)", [party, member]).then(
          () => null,
          (e: { code?: string }) => e.code,
        );
        expect(error).toBe("PT404");
      } finally {
        await client.query("rollback");
        client.release();
      }
    } finally {
      await holder.query("rollback");
      holder.release();
    }
  });
});

/** StreamService's repository, over SQL as `userId` (what StreamingRepository asks PostgREST). */
class SqlRepository {
  constructor(private readonly userId: string) {}

  private async rows(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    try {
      return await query(db.pool, asUser(this.userId), sql, params);
    } catch (error) {
      if (error instanceof Error && "code" in error) throw new StreamingError(String(error.code), error.message);
      throw error;
    }
  }

  async insertParticipant(partyId: string, userId: string): Promise<void> {
    await this.rows("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [partyId, userId]);
  }

  async deleteParticipant(partyId: string, userId: string): Promise<number> {
    return (await this.rows("delete from public.stream_participants where stream_id = $1 and user_id = $2 returning id", [partyId, userId]))
      .length;
  }

  async updateReminder(partyId: string, userId: string, enabled: boolean): Promise<number> {
    const sql = "update public.stream_participants set reminder_enabled = $3 where stream_id = $1 and user_id = $2 returning id";
    return (await this.rows(sql, [partyId, userId, enabled])).length;
  }

  async transferHost(partyId: string, newHostUserId: string): Promise<void> {
    await this.rows("select public.transfer_stream_host($1, $2)", [partyId, newHostUserId]);
  }

  async listParticipants(partyId: string): Promise<Array<{ userId: unknown }>> {
    return (await this.rows("select user_id from public.get_stream_participants($1)", [partyId])).map((row) => ({ userId: row.user_id }));
  }

  async insertParty(habitatId: string, userId: string, values: NewParty): Promise<string> {
    const sql = `insert into public.habitat_watch_parties (habitat_id, created_by, title, scheduled_start)
      values ($1, $2, $3, $4) returning id`;
    return String((await this.rows(sql, [habitatId, userId, values.title, values.scheduled_start]))[0]!.id);
  }

  async updateParty(partyId: string, changes: PartyChanges): Promise<number> {
    const entries = Object.entries(changes);
    const set = entries.map(([column], i) => `${column} = $${i + 2}`).join(", ");
    const sql = `update public.habitat_watch_parties set ${set} where id = $1 returning id`;
    return (await this.rows(sql, [partyId, ...entries.map(([, value]) => value)])).length;
  }

  async deleteParty(partyId: string): Promise<number> {
    return (await this.rows("delete from public.habitat_watch_parties where id = $1 returning id", [partyId])).length;
  }

  async getParty(partyId: string): Promise<{ participantCount: unknown } | null> {
    const [row] = await this.rows("select participant_count from public.streams_with_participants where id = $1", [partyId]);
    return row ? { participantCount: row.participant_count } : null;
  }
}

const service = () => new StreamService(new SqlRepository(stranger) as unknown as StreamingRepository, stranger);
const newParty = {
  title: "Mine now",
  description: null,
  mediaUrl: null,
  startsAt: new Date(Date.now() + 86_400_000).toISOString(),
  endsAt: null,
};

// each server action's work, given the id of someone else's party (or habitat)
const ACTIONS: Array<[string, (id: string) => Promise<ActionResult<unknown>>, "party" | "habitat"]> = [
  ["joinParty", (id) => service().join(id), "party"],
  ["leaveParty", (id) => service().leave(id), "party"],
  ["setReminder", (id) => service().setReminder(id, true), "party"],
  ["makeHost", (id) => service().makeHost(id, member), "party"],
  ["removeParticipant", (id) => service().removeParticipant(id, member), "party"],
  ["createParty", (id) => service().createParty(id, newParty), "habitat"],
  ["updateParty", (id) => service().updateParty(id, newParty), "party"],
  ["cancelParty", (id) => service().cancelParty(id), "party"],
  ["deleteParty", (id) => service().deleteParty(id), "party"],
];

describe("as the server actions word it: someone else's id and a random id read the same", () => {
  it.each(ACTIONS)("%s", async (_name, act, kind) => {
    const theirs = await act(kind === "party" ? party : habitat);
    expect(theirs).toEqual(await act(randomUUID()));
  });

  it("a join says neither 'no longer exists' nor 'members only' alone", async () => {
    const result = await service().join(party);
    expect(result).toEqual({ ok: false, error: "You cannot join this party: it does not exist, or you are not a member of its habitat" });
  });
});
