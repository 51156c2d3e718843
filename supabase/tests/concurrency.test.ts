import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, asUser, claimsOf, freshDatabase, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";
import { seededRandom } from "./helpers/random";

let db: TestDatabase;
let f: Fixtures;

beforeAll(async () => {
  db = await freshDatabase("tpl_full", 40);
  f = new Fixtures(db.pool);
});
afterAll(async () => db.close());

/** Postgres errors a user can cause by racing or double-clicking; anything else fails the run. */
const EXPECTED_ERRORS = new Set([
  "23505", // joined already
  "42501", // not (or no longer) a member; not the host
  "PT404", // handover to someone who is not a participant
]);

/**
 * Samples the committed state over and over while `work` runs: every snapshot must satisfy the
 * invariants (health function), and, unless handovers are part of the run, the host of every
 * party must be its earliest joiner still present.
 */
async function whileSampling(checkEarliestHost: boolean, work: () => Promise<void>): Promise<{ samples: number; violations: unknown[] }> {
  const sampler = await db.pool.connect();
  let running = true;
  let samples = 0;
  const violations: unknown[] = [];
  const loop = (async () => {
    while (running) {
      const { rows } = await sampler.query(
        `select check_name, stream_id from public.stream_participants_health()
         union all
         select 'host_not_earliest', stream_id from public.stream_participants
         where $1 group by stream_id
         having min(joined_at) filter (where is_host) is distinct from min(joined_at)`,
        [checkEarliestHost],
      );
      samples++;
      violations.push(...rows);
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await loop;
    sampler.release();
  }
  return { samples, violations };
}

describe("concurrency", () => {
  it("32 connections joining the same empty party at once: exactly one host, count 32", async () => {
    const owner = await f.user("owner");
    const users = await f.users(32, "racer");
    const party = await f.party(await f.habitat(owner, { member: users }));
    const clients = await Promise.all(
      users.map(async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        return c;
      }),
    );
    try {
      // every transaction is open and signed in before any of them joins
      await Promise.all(
        clients.map(async (c, i) => {
          await c.query("begin");
          await c.query("set local role authenticated");
          await c.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(asUser(users[i]!)))]);
        }),
      );
      const joined = await Promise.all(
        clients.map(async (c, i) => {
          const { rows } = await c.query<{ is_host: boolean }>(
            "insert into public.stream_participants (stream_id, user_id) values ($1, $2) returning is_host",
            [party, users[i]],
          );
          await c.query("commit");
          return rows[0]!.is_host;
        }),
      );
      expect(joined.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const participants = await f.participants(party);
    expect(participants).toHaveLength(32);
    expect(participants.filter((p) => p.is_host)).toHaveLength(1);
    expect(participants[0]!.is_host).toBe(true);
    expect(await f.count(party)).toBe(32);
    expect(await f.health()).toEqual([]);
  });

  it("the host and the next-oldest leaving at the same moment: the role goes to the one after", async () => {
    const owner = await f.user("owner");
    for (let round = 0; round < 20; round++) {
      const users = await f.users(4, "pair");
      const party = await f.party(await f.habitat(owner, { member: users }));
      for (const u of users) await f.join(u, party);
      await Promise.all([f.leave(users[0]!, party), f.leave(users[1]!, party)]);
      expect(await f.host(party)).toBe(users[2]);
      expect(await f.count(party)).toBe(2);
    }
    expect(await f.health()).toEqual([]);
  });

  it("a host leaving while someone joins an otherwise empty party leaves the joiner as host", async () => {
    const owner = await f.user("owner");
    for (let round = 0; round < 20; round++) {
      const [first, second] = await f.users(2, "swap");
      const party = await f.party(await f.habitat(owner, { member: [first!, second!] }));
      await f.join(first!, party);
      await Promise.all([f.leave(first!, party), f.join(second!, party)]);
      expect(await f.participants(party)).toMatchObject([{ user_id: second, is_host: true }]);
      expect(await f.count(party)).toBe(1);
    }
  });

  it("thousands of random concurrent joins and leaves over a few parties keep every invariant at every moment", async () => {
    const random = seededRandom();
    const owner = await f.user("owner");
    const users = await f.users(24, "random");
    const habitat = await f.habitat(owner, { member: users });
    const parties = [await f.party(habitat), await f.party(habitat), await f.party(habitat)];
    const unexpected: string[] = [];
    let committed = 0;

    const { samples, violations } = await whileSampling(true, async () => {
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = 0; i < 200; i++) {
            const user = random.pick(users);
            const party = random.pick(parties);
            const sql =
              random.next() < 0.55
                ? "insert into public.stream_participants (stream_id, user_id) values ($1, $2)"
                : "delete from public.stream_participants where stream_id = $1 and user_id = $2";
            try {
              await as(db.pool, asUser(user), (c) => c.query(sql, [party, user]));
              committed++;
            } catch (error) {
              const code = (error as { code?: string }).code ?? "";
              if (!EXPECTED_ERRORS.has(code)) unexpected.push(`${code} ${(error as Error).message}`);
            }
          }
        }),
      );
    });

    expect(unexpected, `seed ${random.seed}`).toEqual([]);
    expect(violations, `seed ${random.seed}`).toEqual([]);
    expect(samples).toBeGreaterThan(10);
    expect(committed).toBeGreaterThan(1000);
    expect(await f.health()).toEqual([]);
    for (const party of parties) {
      const participants = await f.participants(party);
      expect(await f.count(party)).toBe(participants.length);
      if (participants.length > 0) expect(participants[0]!.is_host, `seed ${random.seed}`).toBe(true);
    }
  });

  it("a random mix of joins, leaves, removals, handovers, reminders and habitat departures keeps every invariant", async () => {
    const random = seededRandom();
    const owner = await f.user("owner");
    const users = await f.users(16, "mixed");
    const habitat = await f.habitat(owner, { member: users });
    const parties = [await f.party(habitat), await f.party(habitat)];
    // an invite link without limits: who left comes back by accepting it, as themselves
    const rejoin = await as(
      db.pool,
      asUser(owner),
      async (c) => (await c.query<{ token: string }>("select token from public.create_habitat_invite_link($1)", [habitat])).rows[0]!.token,
    );
    const unexpected: string[] = [];
    const kinds = new Map<string, number>();

    const operations: Array<[string, (user: string, other: string, party: string) => Promise<unknown>]> = [
      [
        "join",
        (u, _o, p) =>
          as(db.pool, asUser(u), (c) => c.query("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [p, u])),
      ],
      [
        "join",
        (u, _o, p) =>
          as(db.pool, asUser(u), (c) => c.query("insert into public.stream_participants (stream_id, user_id) values ($1, $2)", [p, u])),
      ],
      [
        "leave",
        (u, _o, p) =>
          as(db.pool, asUser(u), (c) => c.query("delete from public.stream_participants where stream_id = $1 and user_id = $2", [p, u])),
      ],
      [
        "remove",
        (u, o, p) =>
          as(db.pool, asUser(u), (c) => c.query("delete from public.stream_participants where stream_id = $1 and user_id = $2", [p, o])),
      ],
      ["handover", (u, o, p) => as(db.pool, asUser(u), (c) => c.query("select public.transfer_stream_host($1, $2)", [p, o]))],
      [
        "reminder",
        (u, _o, p) =>
          as(db.pool, asUser(u), (c) =>
            c.query("update public.stream_participants set reminder_enabled = not reminder_enabled where stream_id = $1 and user_id = $2", [
              p,
              u,
            ]),
          ),
      ],
      [
        "leave habitat",
        (u) =>
          as(db.pool, asUser(u), (c) => c.query("delete from public.habitat_members where habitat_id = $1 and user_id = $2", [habitat, u])),
      ],
      ["rejoin habitat", (u) => as(db.pool, asUser(u), (c) => c.query("select public.accept_habitat_invite_link($1)", [rejoin]))],
    ];

    const { samples, violations } = await whileSampling(false, async () => {
      await Promise.all(
        Array.from({ length: 12 }, async () => {
          for (let i = 0; i < 150; i++) {
            // a host acting picks among the party's participants more often than chance would
            const party = random.pick(parties);
            const participants = await f.participants(party);
            const actor =
              random.next() < 0.3 && participants.length > 0
                ? (participants.find((p) => p.is_host)?.user_id ?? random.pick(users))
                : random.pick(users);
            const other = participants.length > 0 && random.next() < 0.8 ? random.pick(participants).user_id : random.pick(users);
            const [kind, run] = random.pick(operations);
            try {
              await run(actor, other, party);
              kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            } catch (error) {
              const code = (error as { code?: string }).code ?? "";
              if (!EXPECTED_ERRORS.has(code)) unexpected.push(`${kind}: ${code} ${(error as Error).message}`);
            }
          }
        }),
      );
    });

    expect(unexpected, `seed ${random.seed}`).toEqual([]);
    expect(violations, `seed ${random.seed}`).toEqual([]);
    expect(samples).toBeGreaterThan(10);
    // every kind of operation actually happened
    expect([...kinds.keys()].sort()).toEqual(["handover", "join", "leave", "leave habitat", "rejoin habitat", "reminder", "remove"]);
    expect(await f.health()).toEqual([]);
  });
});
