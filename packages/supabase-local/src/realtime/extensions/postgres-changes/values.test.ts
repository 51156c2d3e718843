// Column values reach the client as Realtime sends them: what to_jsonb makes of the value, which
// the database itself tells us here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { freshDatabase, type TestDatabase } from "../../../testing/database";
import { parseArrayLiteral, scalarKind, toJsonValue, type ValueKind } from "./values";

let db: TestDatabase;
let client: pg.PoolClient;

beforeAll(async () => {
  db = await freshDatabase();
  client = await db.pool.connect();
  // the replication connection prints values with these settings
  await client.query("set TimeZone = 'UTC'; set DateStyle = 'ISO'; set extra_float_digits = 1");
});
afterAll(async () => {
  client.release();
  await db.close();
});

/** Text as the type's output function prints it (what logical replication carries, e.g. t for true). */
const raw = { getTypeParser: () => (value: string) => value };

/** The text form logical replication carries and what Realtime sends for it. */
async function postgres(literal: string, type: string): Promise<{ text: string; json: unknown }> {
  const text = (await client.query<{ value: string }>({ text: `select $1::${type} as value`, values: [literal], types: raw })).rows[0]!
    .value;
  const { rows } = await client.query<{ json: unknown }>(`select to_jsonb($1::${type}) as json`, [literal]);
  return { text, json: rows[0]!.json };
}

const array = (element: ValueKind): ValueKind => ({ kind: "array", element, delimiter: "," });

const CASES: [string, string, ValueKind][] = [
  ["t", "boolean", scalarKind("bool")],
  ["f", "boolean", scalarKind("bool")],
  ["42", "int2", scalarKind("int2")],
  ["-2147483648", "int4", scalarKind("int4")],
  ["9007199254740993", "int8", scalarKind("int8")],
  ["1.50", "numeric", scalarKind("numeric")],
  ["NaN", "numeric", scalarKind("numeric")],
  ["Infinity", "float8", scalarKind("float8")],
  ["0.1", "float4", scalarKind("float4")],
  ['{"a": [1, "x", null], "b": {"c": true}}', "jsonb", scalarKind("jsonb")],
  ['{"a":1}', "json", scalarKind("json")],
  ["2026-11-23 12:00:00.123456+00", "timestamptz", scalarKind("timestamptz")],
  ["2026-11-23 12:00:00+05:30", "timestamptz", scalarKind("timestamptz")],
  ["infinity", "timestamptz", scalarKind("timestamptz")],
  ["2026-11-23 12:00:00", "timestamp", scalarKind("timestamp")],
  ["2026-11-23", "date", scalarKind("date")],
  ["12:00:00+02", "timetz", scalarKind("timetz")],
  ["1 day 02:00:00", "interval", scalarKind("interval")],
  ["5c3f0a6e-1b2c-4d5e-8f90-123456789abc", "uuid", scalarKind("uuid")],
  ['it\'s "quoted"', "text", scalarKind("text")],
  ["\\x00ff", "bytea", scalarKind("bytea")],
  ["[1,5)", "int4range", scalarKind("int4range")],
  ["{1,2,NULL}", "int4[]", array(scalarKind("int4"))],
  ['{{"a b","c\\"d"},{NULL,"NULL"}}', "text[]", array(scalarKind("text"))],
  ["{t,f}", "boolean[]", array(scalarKind("bool"))],
  ['{"2026-11-23 12:00:00+00"}', "timestamptz[]", array(scalarKind("timestamptz"))],
  ['{"{\\"a\\": 1}"}', "jsonb[]", array(scalarKind("jsonb"))],
  ["{}", "int4[]", array(scalarKind("int4"))],
  ["[0:1]={7,8}", "int4[]", array(scalarKind("int4"))],
];

describe("values as Realtime sends them (to_jsonb)", () => {
  it.each(CASES)("%s::%s", async (literal, type, kind) => {
    const { text, json } = await postgres(literal, type);
    expect(toJsonValue(text, kind)).toEqual(json);
  });

  it("NULL is null", () => {
    expect(toJsonValue(null, scalarKind("int4"))).toBeNull();
  });
});

describe("array literals", () => {
  it("nested, quoted, escaped and NULL elements", () => {
    expect(parseArrayLiteral('{{1,2},{"a,b",NULL}}')).toEqual([
      ["1", "2"],
      ["a,b", null],
    ]);
    expect(parseArrayLiteral('{"\\\\x","q\\"q"}')).toEqual(["\\x", 'q"q']);
  });

  it("a custom delimiter (box uses ;)", () => {
    expect(parseArrayLiteral("{(1,1),(0,0);(2,2),(1,1)}", ";")).toEqual(["(1,1),(0,0)", "(2,2),(1,1)"]);
  });
});
