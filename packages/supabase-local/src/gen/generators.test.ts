// The generators' formatting, without a database: catalog SQL in lower case, the Prettier-like
// layout of the generated types, view column origins read from a stored query tree, and the types
// of a small catalog.
import { describe, expect, it } from "vitest";
import { lowerSql } from "./sql-case";
import { array, layout, line, member, objectLiteral, suffixed, text, typeLiteral, union } from "./ts-layout";
import { renderTypes } from "./typescript-types";
import type { TypesCatalog } from "./types-catalog";
import { viewColumnOrigins } from "./view-origins";

describe("lowerSql", () => {
  it("lowers keywords but not literals, quoted names, bodies or comments", () => {
    const sql = `CREATE POLICY "Members See" ON public.t FOR SELECT USING (Role = 'OWNER'::text AND x ~ E'\\'A') -- KEEP
AS $function$ BEGIN RETURN 'X'; END $function$ /* KEEP */ WHERE a$B = $1`;
    expect(lowerSql(sql)).toBe(`create policy "Members See" on public.t for select using (role = 'OWNER'::text and x ~ e'\\'A') -- KEEP
as $function$ BEGIN RETURN 'X'; END $function$ /* KEEP */ where a$b = $1`);
  });
});

describe("layout", () => {
  it("keeps what fits in 80 columns on one line and breaks the rest", () => {
    const args = (n: number) => typeLiteral(Array.from({ length: n }, (_, i) => member(`p_argument_${i}`, text("string"))));
    const fn = (n: number) => typeLiteral([member("Args", args(n)), member("Returns", text("undefined"))]);
    expect(layout(typeLiteral([member("short", fn(1)), member("long", fn(4))], true), "type T = ")).toBe(`type T = {
  short: { Args: { p_argument_0: string }; Returns: undefined }
  long: {
    Args: {
      p_argument_0: string
      p_argument_1: string
      p_argument_2: string
      p_argument_3: string
    }
    Returns: undefined
  }
}`);
  });

  it("keeps expanded objects expanded, quotes keys only when needed, breaks long unions and arrays", () => {
    const labels = ["first_long_label", "second_long_label", "third_long_label", "fourth_label"];
    const doc = typeLiteral(
      [
        line("[_ in never]: never"),
        member("with-dash", suffixed(typeLiteral([member("x", text("number"))], true), "[]"), true),
        member("mood", union(labels.map((l) => text(JSON.stringify(l))))),
      ],
      true,
    );
    expect(layout(doc)).toBe(`{
  [_ in never]: never
  "with-dash"?: {
    x: number
  }[]
  mood:
    | "first_long_label"
    | "second_long_label"
    | "third_long_label"
    | "fourth_label"
}`);
    const constants = objectLiteral([member("Enums", objectLiteral([member("mood", array(labels.map((l) => text(JSON.stringify(l)))))]))]);
    expect(layout(constants, "const C = ", " as const")).toBe(`const C = {
  Enums: {
    mood: [
      "first_long_label",
      "second_long_label",
      "third_long_label",
      "fourth_label",
    ],
  },
} as const`);
  });
});

describe("viewColumnOrigins", () => {
  it("reads each column's table and column from the query tree, skipping computed columns", () => {
    const tree =
      '({QUERY :commandType 1 :rtable ({RANGETBLENTRY :eref {ALIAS :aliasname t :colnames ("a\\ b")}}) ' +
      ":targetList ({TARGETENTRY :expr {VAR :varno 1} :resno 1 :resname id :resorigtbl 16500 :resorigcol 1 :resjunk false} " +
      "{TARGETENTRY :expr {CONST :constvalue 4 [ 1 0 0 0 ]} :resno 2 :resname one :resorigtbl 0 :resorigcol 0 :resjunk false} " +
      "{TARGETENTRY :expr {VAR :varno 1} :resno 3 :resname name :resorigtbl 16500 :resorigcol 3 :resjunk false}) :sortClause <>})";
    expect(viewColumnOrigins(tree)).toEqual([
      { column: 1, relation: "16500", relationColumn: 1 },
      { column: 3, relation: "16500", relationColumn: 3 },
    ]);
  });
});

describe("renderTypes", () => {
  it("writes a table's Row, Insert and Update, and an enum with its Constants", () => {
    const catalog: TypesCatalog = {
      schemas: ["public"],
      relations: [
        {
          id: "1",
          schema: "public",
          name: "notes",
          kind: "r",
          updatable: true,
          viewDefinition: null,
          columns: [
            { name: "id", attnum: 1, format: "int8", nullable: false, hasDefault: false, identity: "a", updatable: true },
            { name: "body", attnum: 2, format: "text", nullable: true, hasDefault: false, identity: "", updatable: true },
            { name: "mood", attnum: 3, format: "mood", nullable: false, hasDefault: true, identity: "", updatable: true },
          ],
        },
      ],
      foreignKeys: [],
      functions: [],
      types: [{ id: "9", name: "mood", schema: "public", format: "mood", enums: ["up", "down"], attributes: [], relationId: null }],
    };
    const types = renderTypes(catalog, { postgrestVersion: null });
    expect(types).toContain(`      notes: {
        Row: {
          body: string | null
          id: number
          mood: Database["public"]["Enums"]["mood"]
        }
        Insert: {
          body?: string | null
          id?: never
          mood?: Database["public"]["Enums"]["mood"]
        }
        Update: {
          body?: string | null
          id?: never
          mood?: Database["public"]["Enums"]["mood"]
        }
        Relationships: []
      }`);
    expect(types).toContain(`    Enums: {
      mood: "up" | "down"
    }`);
    expect(types).toContain(`export const Constants = {
  public: {
    Enums: {
      mood: ["up", "down"],
    },
  },
} as const
`);
    expect(types).not.toContain("PostgrestVersion");
  });
});
