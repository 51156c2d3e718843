// Display names are stored clean: NFC, trimmed, runs of spaces collapsed; a name with control,
// invisible or text-direction characters, or with nothing visible, is refused when a user edits
// it, and cleaned (or replaced) when it comes from sign-up metadata, so a sign-up never fails for it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, freshDatabase, pgError, query, type TestDatabase } from "@habitats/supabase-local/testing/database";
import { Fixtures } from "./helpers/fixtures";

let db: TestDatabase;
let f: Fixtures;

beforeAll(async () => {
  db = await freshDatabase();
  f = new Fixtures(db.pool);
});
afterAll(async () => db?.close());

const nameOf = async (userId: string) =>
  (await db.pool.query<{ display_name: string }>("select display_name from public.profiles where id = $1", [userId])).rows[0]?.display_name;

/** `userId` renames themselves, as PostgREST would run a PATCH of their profile. */
const rename = (userId: string, name: string) =>
  query<{ display_name: string }>(
    db.pool,
    asUser(userId),
    "update public.profiles set display_name = $2 where id = $1 returning display_name",
    [userId, name],
  );

// what a person types, and what is stored
const NORMALIZED: Array<[string, string, string]> = [
  ["blanks around", "  Ann Lee  ", "Ann Lee"],
  ["a run of spaces inside", "Ann     Lee", "Ann Lee"],
  ["no-break and ideographic spaces", "Ann\u00a0\u3000Lee", "Ann Lee"],
  ["a decomposed accent (NFD)", "E\u0301mile", "\u00c9mile"],
  ["letters of any script, emoji", "李小龍 🎬", "李小龍 🎬"],
];

// what a person may not put in a name (the sentence names the rule, not the character)
const REFUSED: Array<[string, string]> = [
  ["a newline", "Ann\nLee"],
  ["a tab", "Ann\tLee"],
  ["a carriage return", "Ann\rLee"],
  ["a C1 control", "Ann\u0085Lee"],
  ["a right-to-left override", "\u202eeciffO"],
  ["a left-to-right embedding", "\u202aAnn"],
  ["a pop directional formatting", "Ann\u202c"],
  ["a right-to-left isolate", "\u2067Ann\u2069"],
  ["a first-strong isolate", "\u2068Ann"],
  ["a zero-width space", "Ann\u200bLee"],
  ["a zero-width joiner", "Ann\u200d"],
  ["a right-to-left mark", "Ann\u200f"],
  ["a word joiner", "Ann\u2060Lee"],
  ["a byte-order mark", "\ufeffAnn"],
  ["a soft hyphen", "An\u00adn"],
  ["a line separator", "Ann\u2028Lee"],
  ["a tag character", "Ann\u{e0041}"],
  ["an Arabic letter mark", "Ann\u061c"],
  ["a Hangul filler (shows as nothing)", "\u3164"],
];

const BLANK: Array<[string, string]> = [
  ["empty", ""],
  ["a single space", " "],
  ["ideographic spaces only", "\u3000\u3000"],
];

describe("a user renames themselves", () => {
  let user: string;
  beforeAll(async () => {
    user = await f.user("Ann");
  });

  it.each(NORMALIZED)("%s is stored normalized", async (_case, typed, stored) => {
    expect(await rename(user, typed)).toEqual([{ display_name: stored }]);
    expect(await nameOf(user)).toBe(stored);
  });

  it.each(REFUSED)("%s: refused with a readable sentence (23514), the name unchanged", async (_case, typed) => {
    await rename(user, "Ann");
    const error = await pgError(rename(user, typed));
    expect(error).toEqual({ code: "23514", message: "a display name cannot contain control, invisible or text-direction characters" });
    expect(await nameOf(user)).toBe("Ann");
  });

  it.each(BLANK)("%s: refused, a name needs a visible character", async (_case, typed) => {
    const error = await pgError(rename(user, typed));
    expect(error).toEqual({ code: "23514", message: "a display name needs 1 to 80 visible characters" });
  });

  it("80 characters fit, 81 do not (counted after normalizing)", async () => {
    expect(await rename(user, ` ${"a".repeat(80)} `)).toHaveLength(1);
    expect((await pgError(rename(user, "a".repeat(81)))).code).toBe("23514");
  });

  it("another member's exact name is allowed (the room tells the two apart)", async () => {
    const [first, second] = [await f.user("first"), await f.user("second")];
    await rename(first, "Sam");
    expect(await rename(second, "Sam")).toEqual([{ display_name: "Sam" }]);
  });

  it("the constraint holds even where the trigger does not run", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      await client.query("set local session_replication_role = replica");
      const error = await pgError(client.query("update public.profiles set display_name = $2 where id = $1", [user, "\u202eAnn"]));
      expect(error.code).toBe("23514");
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});

describe("a sign-up never fails for its name", () => {
  /** What GoTrue does on sign-up: a row in auth.users with the metadata the form sent. */
  async function signUp(metadata: unknown, email = `new-${randomUUID().slice(0, 8)}@example.com`): Promise<string | undefined> {
    const id = randomUUID();
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      await client.query("set local role supabase_auth_admin");
      await client.query(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_user_meta_data, created_at, updated_at)
         values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', $3, now(), now())`,
        [id, email, JSON.stringify(metadata)],
      );
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
    return nameOf(id);
  }

  it.each([
    ["a right-to-left override", { display_name: "\u202eAnn Lee" }, "Ann Lee"],
    ["newlines and tabs", { display_name: "Ann\n\tLee\r\n" }, "Ann Lee"],
    ["zero-width characters inside", { display_name: "A\u200bn\u200dn" }, "Ann"],
    ["spaces and a decomposed accent", { display_name: "  E\u0301mile   Zola " }, "\u00c9mile Zola"],
    ["10,000 characters", { display_name: "x".repeat(10_000) }, "x".repeat(80)],
    ["a number", { display_name: 42 }, "42"],
  ])("%s: the account is made, with the name cleaned", async (_case, metadata, stored) => {
    expect(await signUp(metadata)).toBe(stored);
  });

  it("a name with nothing visible falls back to full_name, then to the email's local part", async () => {
    expect(await signUp({ display_name: "\u200b\u202e ", full_name: "Ann Lee" })).toBe("Ann Lee");
    expect(await signUp({ display_name: " " }, "ann.lee@example.com")).toBe("ann.lee");
    expect(await signUp({ display_name: "\u3164" }, "\u202eann@example.com")).toBe("ann");
  });

  it("with nothing usable at all, the name is Member", async () => {
    expect(await signUp({ display_name: "\u200b" }, "\u200b@example.com")).toBe("Member");
    expect(await signUp(["not", "an", "object"], "\u200b@example.org")).toBe("Member");
  });
});
