import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asUser, freshDatabase, pgError, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;
let owner: string;
let members: string[];
let habitat: string;
let party: string;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db.close());

beforeEach(async () => {
  owner = await f.user("owner");
  members = await f.users(4, "member");
  habitat = await f.habitat(owner, { member: members });
  party = await f.party(habitat);
});

describe("host assignment", () => {
  it("first joiner becomes host; later joiners do not", async () => {
    expect((await f.join(members[0]!, party)).is_host).toBe(true);
    expect((await f.join(members[1]!, party)).is_host).toBe(false);
    expect((await f.join(owner, party)).is_host).toBe(false);
    expect(await f.host(party)).toBe(members[0]);
    expect(await f.count(party)).toBe(3);
  });

  it("host leaves → the earliest remaining joiner becomes host", async () => {
    for (const m of members) await f.join(m, party);
    await f.leave(members[0]!, party);
    expect(await f.host(party)).toBe(members[1]);
    await f.leave(members[1]!, party);
    expect(await f.host(party)).toBe(members[2]);
    expect(await f.count(party)).toBe(2);
  });

  it("a non-host leaving does not move the host role", async () => {
    for (const m of members) await f.join(m, party);
    await f.leave(members[2]!, party);
    expect(await f.host(party)).toBe(members[0]);
    expect((await f.participants(party)).map((p) => p.user_id)).toEqual([members[0], members[1], members[3]]);
  });

  it("last one leaves → no host, count zero; the next joiner hosts again", async () => {
    await f.join(members[0]!, party);
    await f.join(members[1]!, party);
    await f.leave(members[0]!, party);
    await f.leave(members[1]!, party);
    expect(await f.participants(party)).toEqual([]);
    expect(await f.count(party)).toBe(0);
    expect((await f.join(members[2]!, party)).is_host).toBe(true);
  });

  it("rejoining puts a user at the end of the join order, without the host role", async () => {
    await f.join(members[0]!, party);
    await f.join(members[1]!, party);
    await f.leave(members[0]!, party);
    expect((await f.join(members[0]!, party)).is_host).toBe(false);
    expect((await f.participants(party)).map((p) => p.user_id)).toEqual([members[1], members[0]]);
  });

  it("joined_at is set by the database in join order", async () => {
    for (const m of members) await f.join(m, party);
    const joined = (await f.participants(party)).map((p) => p.joined_at.getTime());
    expect([...joined].sort((a, b) => a - b)).toEqual(joined);
    expect(new Set(joined).size).toBe(joined.length);
  });

  it("participant_count always equals the rows", async () => {
    const counts: number[] = [];
    for (const m of members) {
      await f.join(m, party);
      counts.push(await f.count(party));
    }
    for (const m of members.slice(0, 2)) {
      await f.leave(m, party);
      counts.push(await f.count(party));
    }
    expect(counts).toEqual([1, 2, 3, 4, 3, 2]);
    expect(await f.health()).toEqual([]);
  });

  it("joining twice is refused and changes nothing", async () => {
    await f.join(members[0]!, party);
    const error = await pgError(f.join(members[0]!, party));
    expect(error.code).toBe("23505");
    expect(await f.count(party)).toBe(1);
  });

  it("joining an ended or cancelled party is refused", async () => {
    for (const status of ["ended", "cancelled"]) {
      const closed = await f.party(habitat, { status });
      const error = await pgError(f.join(members[0]!, closed));
      expect(error.code).toBe("23514");
      expect(error.message).toContain(status);
      expect(await f.count(closed)).toBe(0);
    }
  });
});

describe("explicit host handover (transfer_stream_host)", () => {
  const transfer = (caller: string, to: string) =>
    query(db.pool, asUser(caller), "select public.transfer_stream_host($1, $2)", [party, to]);

  it("the host hands the role to another participant, and keeps participating", async () => {
    for (const m of members.slice(0, 3)) await f.join(m, party);
    await transfer(members[0]!, members[2]!);
    expect(await f.host(party)).toBe(members[2]);
    expect((await f.participants(party)).map((p) => p.user_id)).toContain(members[0]);
  });

  it("after a handover, the new host leaving passes the role to the earliest remaining joiner", async () => {
    for (const m of members.slice(0, 3)) await f.join(m, party);
    await transfer(members[0]!, members[2]!);
    await f.leave(members[2]!, party);
    expect(await f.host(party)).toBe(members[0]);
  });

  it("a participant who is not host cannot take or give the role", async () => {
    for (const m of members.slice(0, 3)) await f.join(m, party);
    expect((await pgError(transfer(members[1]!, members[1]!))).code).toBe("42501");
    expect((await pgError(transfer(members[1]!, members[2]!))).code).toBe("42501");
    expect(await f.host(party)).toBe(members[0]);
  });

  it("the role goes only to a participant of the party", async () => {
    await f.join(members[0]!, party);
    const error = await pgError(transfer(members[0]!, members[3]!));
    expect(error.code).toBe("PT404");
    expect(await f.host(party)).toBe(members[0]);
  });

  it("a stranger learns nothing: the party is 'not found'", async () => {
    const stranger = await f.user("stranger");
    await f.join(members[0]!, party);
    const error = await pgError(transfer(stranger, stranger));
    expect(error.code).toBe("PT404");
    expect(await f.host(party)).toBe(members[0]);
  });
});
