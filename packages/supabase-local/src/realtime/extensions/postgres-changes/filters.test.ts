// postgres_changes filters: parsed as Realtime parses them (its doctests), decided with Postgres'
// semantics whether JavaScript decides them or the database does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../../../testing/database";
import { evaluateFilter, filterSql, parseFilters, splitTopLevel, type CompiledFilter, type Filter } from "./filters";

const parse = (filter: string) => parseFilters(filter);
const one = (filter: string): Filter => {
  const parsed = parseFilters(filter);
  if (!parsed.ok || parsed.filters.length !== 1) throw new Error(`expected one filter from ${filter}`);
  return parsed.filters[0]!;
};

describe("parsing filter strings", () => {
  it("column=op.value, as realtime-js formats them", () => {
    expect(parse("stream_id=eq.5c3f0a6e-1b2c-4d5e-8f90-123456789abc")).toEqual({
      ok: true,
      filters: [{ column: "stream_id", op: "eq", value: "5c3f0a6e-1b2c-4d5e-8f90-123456789abc", negate: false }],
    });
    for (const op of ["neq", "lt", "lte", "gt", "gte", "like", "ilike", "match", "imatch", "isdistinct"]) {
      expect(one(`n=${op}.5`)).toEqual({ column: "n", op, value: "5", negate: false });
    }
  });

  it("in takes a parenthesized list, stored as an array literal", () => {
    expect(one("id=in.(1,2)")).toEqual({ column: "id", op: "in", value: "{1,2}", negate: false });
    expect(one('name=in.("a,b",c)')).toEqual({ column: "name", op: "in", value: '{"a,b",c}', negate: false });
    expect(parse("id=in.1,2")).toEqual({
      ok: false,
      error: "Error parsing `filter` params: `in` filter value must be wrapped by parentheses",
    });
  });

  it("not. negates any operator", () => {
    expect(one("status=not.in.(draft,archived)")).toEqual({ column: "status", op: "in", value: "{draft,archived}", negate: true });
    expect(one("subject=not.like.hey%")).toEqual({ column: "subject", op: "like", value: "hey%", negate: true });
  });

  it("commas outside quotes and parentheses combine filters (AND)", () => {
    expect(parse("id=gt.0,id=lt.100")).toEqual({
      ok: true,
      filters: [
        { column: "id", op: "gt", value: "0", negate: false },
        { column: "id", op: "lt", value: "100", negate: false },
      ],
    });
    expect(splitTopLevel('name=eq."a,b",id=in.(1,2)')).toEqual(['name=eq."a,b"', "id=in.(1,2)"]);
  });

  it("a quoted value is unquoted, escapes included", () => {
    expect(one('name=eq."a,b"').value).toBe("a,b");
    expect(one('name=eq."say \\"hi\\""').value).toBe('say "hi"');
    expect(one('name=eq."unterminated').value).toBe('"unterminated');
  });

  it("an empty filter is no filter", () => {
    expect(parse("")).toEqual({ ok: true, filters: [] });
    expect(parse("   ")).toEqual({ ok: true, filters: [] });
  });

  it("errors read as Realtime's", () => {
    expect(parse("subject=foo.hey")).toEqual({ ok: false, error: 'Error parsing `filter` params: ["foo", "hey"]' });
    expect(parse("undefined")).toEqual({ ok: false, error: 'Error parsing `filter` params: ["undefined"]' });
    expect(parse("id=eq.1,,id=eq.2")).toEqual({
      ok: false,
      error: "Error parsing `filter` params: filter must not contain empty segments (check for extra commas)",
    });
  });
});

const compiled = (filter: string, typeSql: string, js: CompiledFilter["js"]): CompiledFilter => ({ ...one(filter), typeSql, js });

describe("deciding filters in JavaScript", () => {
  const uuid = "5c3f0a6e-1b2c-4d5e-8f90-123456789abc";
  const eqUuid = compiled(`stream_id=eq.${uuid}`, "uuid", { order: "text", trimTrailingSpaces: false, operand: uuid });

  it("eq on a uuid", () => {
    expect(evaluateFilter(eqUuid, uuid)).toBe(true);
    expect(evaluateFilter(eqUuid, "00000000-0000-0000-0000-000000000000")).toBe(false);
  });

  it("comparisons with NULL fail, negated or not (SQL's unknown)", () => {
    expect(evaluateFilter(eqUuid, null)).toBe(false);
    expect(evaluateFilter({ ...eqUuid, negate: true }, null)).toBe(false);
  });

  it("integers compare as numbers, not as text", () => {
    const js = (operand: string) => ({ order: "integer" as const, trimTrailingSpaces: false, operand });
    expect(evaluateFilter(compiled("n=lt.10", "integer", js("10")), "9")).toBe(true);
    expect(evaluateFilter(compiled("n=lte.10", "integer", js("10")), "10")).toBe(true);
    expect(evaluateFilter(compiled("n=gt.10", "integer", js("10")), "100")).toBe(true);
    expect(evaluateFilter(compiled("n=gte.10", "integer", js("10")), "9")).toBe(false);
    expect(evaluateFilter(compiled("n=neq.10", "integer", js("10")), "10")).toBe(false);
    expect(evaluateFilter(compiled("n=gt.9007199254740993", "bigint", js("9007199254740993")), "9007199254740994")).toBe(true);
  });

  it("in matches any element; a NULL element makes a miss unknown", () => {
    const inList = (operand: (string | null)[], negate = false) => ({
      ...compiled("id=in.(1,2)", "integer", { order: "integer", trimTrailingSpaces: false, operand }),
      negate,
    });
    expect(evaluateFilter(inList(["1", "2"]), "2")).toBe(true);
    expect(evaluateFilter(inList(["1", "2"]), "3")).toBe(false);
    expect(evaluateFilter(inList(["1", "2"], true), "3")).toBe(true);
    expect(evaluateFilter(inList(["1", null], true), "3")).toBe(false);
  });

  it("is null / is true", () => {
    expect(evaluateFilter(compiled("deleted_at=is.null", "timestamp with time zone", null), null)).toBe(true);
    expect(evaluateFilter(compiled("deleted_at=not.is.null", "timestamp with time zone", null), null)).toBe(false);
    expect(evaluateFilter(compiled("done=is.true", "boolean", null), "t")).toBe(true);
    expect(evaluateFilter(compiled("done=is.false", "boolean", null), "t")).toBe(false);
  });

  it("text compares for equality only; ordering and patterns go to the database", () => {
    const js = { order: "equality" as const, trimTrailingSpaces: false, operand: "b" };
    expect(evaluateFilter(compiled("name=eq.b", "text", js), "b")).toBe(true);
    expect(evaluateFilter(compiled("name=lt.b", "text", js), "a")).toBe("sql");
    expect(evaluateFilter(compiled("name=like.b%", "text", null), "bob")).toBe("sql");
  });

  it("bpchar ignores trailing spaces", () => {
    expect(
      evaluateFilter(compiled("code=eq.ab", "character(4)", { order: "equality", trimTrailingSpaces: true, operand: "ab  " }), "ab  "),
    ).toBe(true);
  });
});

describe("deciding filters in the database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => db.close());

  const decide = async (filter: CompiledFilter, value: string | null): Promise<boolean> => {
    const { rows } = await db.pool.query<{ result: boolean }>(`select ${filterSql(filter, value)} as result`);
    return rows[0]!.result;
  };

  it("each operator applies to values of the column's type", async () => {
    expect(await decide(compiled("n=lt.10", "integer", null), "9")).toBe(true);
    expect(await decide(compiled("n=gte.10", "integer", null), "9")).toBe(false);
    expect(await decide(compiled("at=gt.2026-01-01", "timestamp with time zone", null), "2026-01-02 00:00:00+00")).toBe(true);
    expect(await decide(compiled("price=eq.1.50", "numeric", null), "1.5")).toBe(true);
    expect(await decide(compiled("id=in.(1,2)", "bigint", null), "2")).toBe(true);
    expect(await decide(compiled("id=not.in.(1,2)", "bigint", null), "2")).toBe(false);
    expect(await decide(compiled("name=ilike.B%", "text", null), "bob")).toBe(true);
    expect(await decide(compiled("name=match.^b.b$", "text", null), "bob")).toBe(true);
    expect(await decide(compiled("name=isdistinct.bob", "text", null), null)).toBe(true);
    expect(await decide(compiled("done=not.is.true", "boolean", null), "f")).toBe(true);
  });

  it("NULL never passes a comparison, negated or not", async () => {
    expect(await decide(compiled("n=eq.1", "integer", null), null)).toBe(false);
    expect(await decide(compiled("n=not.eq.1", "integer", null), null)).toBe(false);
  });

  it("operands are literals, never SQL", async () => {
    expect(await decide(compiled("name=eq.x'); drop table public.profiles; --", "text", null), "x")).toBe(false);
    const { rows } = await db.pool.query("select to_regclass('public.profiles') is not null as present");
    expect(rows[0]).toEqual({ present: true });
  });
});
