// lib/database.types.ts from the migrated database, in the shape `supabase gen types typescript`
// writes (Json, Database with each schema's Tables, Views, Functions, Enums and CompositeTypes,
// the helper types, Constants), so that the app's types follow the schema without the Supabase
// CLI or Docker (`npm run db:types`).
import type { ClientBase } from "pg";
import { callableFunctions, functionMembers, returnDoc, type FunctionContext } from "./typescript-functions";
import { helperTypes } from "./typescript-helpers";
import { nullableTs, tsTypeOf, type TypeNames } from "./typescript-names";
import { relationships, type Relationship } from "./type-relationships";
import { array, layout, line, member, objectLiteral, quoted, text, typeLiteral, union, type Doc, type Member } from "./ts-layout";
import { readTypesCatalog, type Column, type Relation, type TypesCatalog } from "./types-catalog";

/** The schemas the app's types declare (PostgREST's exposed schema). */
export const TYPES_SCHEMAS = ["public"];
/** The PostgREST version the file declares for supabase-js (`__InternalSupabase`). */
export const POSTGREST_VERSION = "12.2.3";

export interface TypesOptions {
  schemas?: string[];
  /** null: no `__InternalSupabase` */
  postgrestVersion?: string | null;
  /** the schema the helper types (Tables<"x">, ...) default to */
  defaultSchema?: string;
}

const JSON_TYPE = `export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]`;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "en");
const NOTHING = typeLiteral([line("[_ in never]: never")], true);
const strings = (values: string[]) => array(values.map((v) => text(quoted(v))));

function relationshipDoc(r: Relationship): Doc {
  return typeLiteral(
    [
      member("foreignKeyName", text(quoted(r.foreignKeyName))),
      member("columns", strings(r.columns)),
      member("isOneToOne", text(String(r.isOneToOne))),
      member("referencedRelation", text(quoted(r.referencedRelation))),
      member("referencedColumns", strings(r.referencedColumns)),
    ],
    true,
  );
}

/** Renders the types of `catalog` (pure: the catalog is all it reads). */
export function renderTypes(catalog: TypesCatalog, options: TypesOptions = {}): string {
  const schemas = [...catalog.schemas].sort((a, b) => a.localeCompare(b, "en"));
  const relations = catalog.relations.map((r) => ({ ...r, columns: [...r.columns].sort(byName) })).sort(byName);
  const names: TypeNames = {
    schemas,
    types: catalog.types,
    tables: relations.filter((r) => r.kind === "r" || r.kind === "p"),
    views: relations.filter((r) => r.kind === "v"),
  };
  const allRelationships = relationships(catalog);
  const context = (schema: string): FunctionContext => ({
    schema,
    names,
    typesById: new Map(catalog.types.map((t) => [t.id, t])),
    rowTypes: new Map(catalog.types.filter((t) => t.relationId !== null).map((t) => [t.id, t])),
    relationNames: new Map(relations.map((r) => [r.id, r.name])),
    relations: relations.filter((r) => r.schema === schema),
  });

  const schemaDoc = (schema: string): Doc => {
    const ctx = context(schema);
    const callables = callableFunctions(catalog.functions, ctx);
    const columnType = (c: Column, nullable: boolean) => union(nullableTs(tsTypeOf(c.format, schema, names), nullable).map(text));
    const computedFields = (r: Relation): Member[] =>
      callables
        .filter((c) => c.fn.argumentTypes === r.name)
        .map((c) => {
          const returns = returnDoc(c, ctx);
          const unknown = returns.kind === "text" && (returns.text === "unknown" || returns.text === "any");
          return member(c.fn.name, union(unknown ? [returns] : [returns, text("null")]));
        });
    const relationshipsOf = (r: Relation) =>
      member(
        "Relationships",
        array(
          allRelationships
            .filter((x) => x.schema === schema && x.relation === r.name && x.referencedSchema === schema)
            .map(relationshipDoc),
        ),
      );
    const row = (r: Relation) =>
      member("Row", typeLiteral([...r.columns.map((c) => member(c.name, columnType(c, c.nullable))), ...computedFields(r)], true));
    // identity columns generated always take no value; optional: what the database can fill in
    const writable = (
      r: Relation,
      key: "Insert" | "Update",
      optional: (c: Column) => boolean,
      nullable: (c: Column) => boolean,
      never: (c: Column) => boolean,
    ) =>
      member(
        key,
        typeLiteral(
          r.columns.map((c) => (never(c) ? member(c.name, text("never"), true) : member(c.name, columnType(c, nullable(c)), optional(c)))),
          true,
        ),
      );
    const always = (c: Column) => c.identity === "a";
    const tables = relations.filter((r) => r.schema === schema && (r.kind === "r" || r.kind === "p" || r.kind === "f"));
    const views = relations.filter((r) => r.schema === schema && (r.kind === "v" || r.kind === "m"));
    const tableDoc = (r: Relation) =>
      typeLiteral(
        [
          row(r),
          writable(
            r,
            "Insert",
            (c) => c.nullable || c.identity !== "" || c.hasDefault,
            (c) => c.nullable,
            always,
          ),
          writable(
            r,
            "Update",
            () => true,
            (c) => c.nullable,
            always,
          ),
          relationshipsOf(r),
        ],
        true,
      );
    const viewDoc = (r: Relation) => {
      const notUpdatable = (c: Column) => !c.updatable;
      const writes =
        r.updatable && r.kind === "v"
          ? ["Insert" as const, "Update" as const].map((k) =>
              writable(
                r,
                k,
                () => true,
                () => true,
                notUpdatable,
              ),
            )
          : [];
      return typeLiteral([row(r), ...writes, relationshipsOf(r)], true);
    };
    const own = catalog.types.filter((t) => t.schema === schema).sort(byName);
    const enums = own.filter((t) => t.enums.length > 0).map((t) => member(t.name, union(t.enums.map((e) => text(quoted(e))))));
    const composites = own
      .filter((t) => t.attributes.length > 0)
      .map((t) =>
        member(
          t.name,
          typeLiteral(
            t.attributes.map((a) => {
              const type = ctx.typesById.get(a.typeId);
              return member(a.name, union(nullableTs(type ? tsTypeOf(type.name, schema, names) : "unknown", true).map(text)));
            }),
            true,
          ),
        ),
      );
    const section = (key: string, members: Member[]) => member(key, members.length === 0 ? NOTHING : typeLiteral(members, true));
    return typeLiteral(
      [
        section(
          "Tables",
          tables.map((r) => member(r.name, tableDoc(r))),
        ),
        section(
          "Views",
          views.map((r) => member(r.name, viewDoc(r))),
        ),
        section("Functions", functionMembers(callables, ctx)),
        section("Enums", enums),
        section("CompositeTypes", composites),
      ],
      true,
    );
  };

  const version = options.postgrestVersion === undefined ? POSTGREST_VERSION : options.postgrestVersion;
  const internal: Member[] =
    version === null
      ? []
      : [
          line("// Allows to automatically instantiate createClient with right options"),
          line("// instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)"),
          member("__InternalSupabase", typeLiteral([member("PostgrestVersion", text(quoted(version)))], true)),
        ];
  const database = typeLiteral([...internal, ...schemas.map((s) => member(s, schemaDoc(s)))], true);
  const constants = objectLiteral(
    schemas.map((s) => {
      const enums = catalog.types.filter((t) => t.schema === s && t.enums.length > 0).sort(byName);
      return member(s, objectLiteral([member("Enums", objectLiteral(enums.map((t) => member(t.name, strings(t.enums)))))]));
    }),
  );
  return [
    JSON_TYPE,
    layout(database, "export type Database = "),
    helperTypes(options.defaultSchema ?? "public"),
    `${layout(constants, "export const Constants = ", " as const")}\n`,
  ].join("\n\n");
}

/** The types of `schemas` in the database `client` is connected to. */
export async function generateTypes(client: ClientBase, options: TypesOptions = {}): Promise<string> {
  // the search path PostgREST's clients see names through (pg_get_function_arguments, format_type)
  await client.query("begin read only");
  try {
    await client.query(`set local search_path = "$user", public`);
    return renderTypes(await readTypesCatalog(client, options.schemas ?? TYPES_SCHEMAS), options);
  } finally {
    await client.query("rollback");
  }
}
