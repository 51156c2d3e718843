// The TypeScript type the Supabase type generator gives a Postgres type (by name, `_x` for an
// array of x): numbers, strings, Json, the schema's enums, composite types and row types by
// reference, `unknown` for what it does not know.
import { quoted } from "./ts-layout";
import type { PgType, Relation } from "./types-catalog";

export interface TypeNames {
  /** the schemas the file declares */
  schemas: string[];
  types: PgType[];
  /** tables (not foreign tables) and views (not materialized ones) of those schemas */
  tables: Relation[];
  views: Relation[];
}

const NUMBERS = new Set(["int2", "int4", "int8", "float4", "float8", "numeric"]);
const STRINGS = new Set([
  "bytea",
  "bpchar",
  "varchar",
  "date",
  "text",
  "citext",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "uuid",
  "vector",
  "interval",
]);
const FIXED: Record<string, string> = {
  bool: "boolean",
  json: "Json",
  jsonb: "Json",
  void: "undefined",
  record: "Record<string, unknown>",
};

const ref = (schema: string, ...path: string[]) => `Database[${quoted(schema)}]${path.map((p) => `[${quoted(p)}]`).join("")}`;

// of several candidates with the name, the one in `schema`, else the first
function pick<T extends { schema: string }>(candidates: T[], schema: string): T | undefined {
  return candidates.find((c) => c.schema === schema) ?? candidates[0];
}

/** The TypeScript type of Postgres type `pgType`, written from schema `schema`. */
export function tsTypeOf(pgType: string, schema: string, names: TypeNames): string {
  if (NUMBERS.has(pgType)) return "number";
  if (STRINGS.has(pgType)) return "string";
  const fixed = FIXED[pgType];
  if (fixed !== undefined) return fixed;
  if (pgType.startsWith("_")) {
    const element = tsTypeOf(pgType.slice(1), schema, names);
    return element.includes("|") ? `(${element})[]` : `${element}[]`;
  }
  const declared = (s: string) => names.schemas.includes(s);
  const enumType = pick(
    names.types.filter((t) => t.name === pgType && t.enums.length > 0),
    schema,
  );
  if (enumType) return declared(enumType.schema) ? ref(enumType.schema, "Enums", enumType.name) : enumType.enums.map(quoted).join(" | ");
  const composite = pick(
    names.types.filter((t) => t.name === pgType && t.attributes.length > 0),
    schema,
  );
  if (composite) return declared(composite.schema) ? ref(composite.schema, "CompositeTypes", composite.name) : "unknown";
  const table = pick(
    names.tables.filter((t) => t.name === pgType),
    schema,
  );
  if (table) return declared(table.schema) ? ref(table.schema, "Tables", table.name, "Row") : "unknown";
  const view = pick(
    names.views.filter((v) => v.name === pgType),
    schema,
  );
  if (view) return declared(view.schema) ? ref(view.schema, "Views", view.name, "Row") : "unknown";
  return "unknown";
}

/** `type | null` when nullable, but `unknown` alone (it includes null). */
export function nullableTs(type: string, nullable: boolean): string[] {
  return nullable && type !== "unknown" && type !== "any" ? [type, "null"] : [type];
}
