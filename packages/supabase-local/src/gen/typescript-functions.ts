// The `Functions` of a schema in the generated types, as the Supabase type generator writes them:
// the functions PostgREST can call (named arguments, or one unnamed json/jsonb/text or row
// argument), each name with its signatures (Args, Returns, SetofOptions for row results), and the
// error types it writes for overloads PostgREST cannot tell apart.
import { member, quoted, suffixed, text, typeLiteral, union, type Doc, type Member } from "./ts-layout";
import { nullableTs, tsTypeOf, type TypeNames } from "./typescript-names";
import type { FunctionArg, PgFunction, PgType, Relation } from "./types-catalog";

export interface FunctionContext {
  schema: string;
  names: TypeNames;
  typesById: Map<string, PgType>;
  /** row types (of tables, views and composite types) by type id */
  rowTypes: Map<string, PgType>;
  /** names of the declared schemas' tables, foreign tables and views, by id */
  relationNames: Map<string, string>;
  /** this schema's tables (foreign ones too) and views (materialized ones too), columns by name */
  relations: Relation[];
}

interface Callable {
  fn: PgFunction;
  /** the arguments by name */
  args: FunctionArg[];
  inArgs: FunctionArg[];
}

// json, jsonb and text: the types of a single unnamed argument PostgREST accepts
const UNNAMED_ARG_TYPES = new Set(["114", "3802", "25"]);
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "en");

function callable(fn: PgFunction, ctx: FunctionContext): Callable | undefined {
  const args = [...fn.args].sort(byName);
  const inArgs = args.filter((a) => a.mode === "in" || a.mode === "inout" || a.mode === "variadic");
  const single = inArgs.length === 1 ? inArgs[0]! : undefined;
  const ok =
    inArgs.every((a) => a.name !== "" || (a.hasDefault && UNNAMED_ARG_TYPES.has(a.typeId))) ||
    (single !== undefined && single.name === "" && (UNNAMED_ARG_TYPES.has(single.typeId) || ctx.rowTypes.has(single.typeId)));
  return ok ? { fn, args, inArgs } : undefined;
}

/** The schema's callable functions, by name. */
export function callableFunctions(functions: PgFunction[], ctx: FunctionContext): Callable[] {
  return functions
    .filter((fn) => fn.schema === ctx.schema)
    .flatMap((fn) => callable(fn, ctx) ?? [])
    .sort((a, b) => byName(a.fn, b.fn));
}

const tsOfTypeId = (typeId: string, ctx: FunctionContext) => {
  const type = ctx.typesById.get(typeId);
  return type ? tsTypeOf(type.name, ctx.schema, ctx.names) : "unknown";
};

/** What a function returns: its `returns table` columns, a row of a relation, or a type. */
export function returnDoc({ fn, args }: Callable, ctx: FunctionContext): Doc {
  const tableArgs = args.filter((a) => a.mode === "table");
  if (tableArgs.length > 0)
    return typeLiteral(
      tableArgs.map((a) => member(a.name, text(tsOfTypeId(a.typeId, ctx)))),
      true,
    );
  const relation = ctx.relations.find((r) => r.id === fn.returnTypeRelationId);
  if (relation) {
    const columns = relation.columns.map((c) =>
      member(c.name, union(nullableTs(tsTypeOf(c.format, ctx.schema, ctx.names), c.nullable).map(text))),
    );
    return typeLiteral(columns, true);
  }
  return text(tsOfTypeId(fn.returnTypeId, ctx));
}

function relationName(fn: PgFunction, ctx: FunctionContext): string | undefined {
  if (fn.returnTypeRelationId === null) return undefined;
  return ctx.relationNames.get(fn.returnTypeRelationId) ?? ctx.rowTypes.get(fn.returnTypeId)?.name;
}

function setofOptions(from: string, to: string, isOneToOne: boolean, isSetofReturn: boolean): Member {
  const values: [string, string][] = [
    ["from", quoted(from)],
    ["to", quoted(to)],
    ["isOneToOne", String(isOneToOne)],
    ["isSetofReturn", String(isSetofReturn)],
  ];
  return member(
    "SetofOptions",
    typeLiteral(
      values.map(([k, v]) => member(k, text(v))),
      true,
    ),
  );
}

// Returns (an array for set-returning functions, unless one row of a relation), and SetofOptions
// when the result is a relation's rows (from "*", or from the row a computed field takes)
function returnsMembers(c: Callable, returns: Doc, ctx: FunctionContext): Member[] {
  const { fn, args } = c;
  const target = relationName(fn, ctx);
  const manyRows = fn.rows !== null && fn.rows > 1;
  let setof = target === undefined ? undefined : setofOptions("*", target, !manyRows, fn.returnsSet);
  const source = args.length === 1 ? ctx.rowTypes.get(args[0]!.typeId) : undefined;
  if (source !== undefined && target !== undefined) {
    const setOfRows = fn.returnsSet && fn.returnTypeRelationId !== null;
    setof = setOfRows ? setofOptions(source.format, target, !manyRows, true) : setofOptions(source.format, target, true, false);
  }
  const oneRow = !manyRows && target !== undefined;
  return [member("Returns", suffixed(returns, fn.returnsSet && !oneRow ? "[]" : "")), ...(setof ? [setof] : [])];
}

const RESOLVE = "Try renaming the parameters or the function itself in the database so function overloading can be resolved";

// overloads PostgREST cannot choose between: no arguments against one unnamed default, or one
// argument of the same name and different types
function conflict(c: Callable, group: Callable[], ctx: FunctionContext): string | undefined {
  const others = group.filter((o) => o !== c);
  const typeName = (typeId: string) => ctx.typesById.get(typeId)?.name ?? "unknown";
  const qualified = `${ctx.schema}.${c.fn.name}`;
  if (c.inArgs.length === 0) {
    const other = others.find((o) => o.inArgs.length === 1 && o.inArgs[0]!.name === "" && o.inArgs[0]!.hasDefault);
    if (other)
      return `Could not choose the best candidate function between: ${qualified}(), ${qualified}( => ${typeName(other.fn.returnTypeId)}). ${RESOLVE}`;
  }
  const arg = c.inArgs.length === 1 ? c.inArgs[0]! : undefined;
  if (arg !== undefined && arg.name !== "") {
    const clashing = others.filter((o) => o.inArgs.length === 1 && o.inArgs[0]!.name === arg.name && o.inArgs[0]!.typeId !== arg.typeId);
    if (clashing.length > 0) {
      const list = [c, ...clashing]
        .sort((a, b) => Number(a.inArgs[0]!.typeId) - Number(b.inArgs[0]!.typeId))
        .map((o) => `${qualified}(${o.inArgs.map((a) => `${a.name} => ${typeName(a.typeId)}`).join(", ")})`)
        .join(", ");
      return `Could not choose the best candidate function between: ${list}. ${RESOLVE}`;
    }
  }
  return undefined;
}

// one unnamed row argument, but a result that is no relation: not a computed field PostgREST knows
function rowArgumentError(c: Callable, ctx: FunctionContext): string | undefined {
  const arg = c.inArgs.length === 1 ? c.inArgs[0]! : undefined;
  if (arg === undefined || arg.name !== "" || !ctx.rowTypes.has(arg.typeId) || relationName(c.fn, ctx) !== undefined) return undefined;
  return `the function ${ctx.schema}.${c.fn.name} with parameter or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache`;
}

function signature(c: Callable, group: Callable[], ctx: FunctionContext): Doc {
  const argsDoc =
    c.inArgs.length === 0 ? text("never") : typeLiteral(c.inArgs.map((a) => member(a.name, text(tsOfTypeId(a.typeId, ctx)), a.hasDefault)));
  const error = conflict(c, group, ctx) ?? rowArgumentError(c, ctx);
  const errorType = () => suffixed(typeLiteral([member("error", text("true"))]), ` & ${quoted(error!)}`);
  const returns = error === undefined ? returnsMembers(c, returnDoc(c, ctx), ctx) : [member("Returns", errorType())];
  return typeLiteral([member("Args", argsDoc), ...returns]);
}

/** The members of a schema's `Functions`: each name with the union of its signatures. */
export function functionMembers(callables: Callable[], ctx: FunctionContext): Member[] {
  const groups = new Map<string, Callable[]>();
  for (const c of callables) groups.set(c.fn.name, [...(groups.get(c.fn.name) ?? []), c]);
  return [...groups].map(([name, group]) => {
    const ordered = [...group].sort(
      (a, b) => a.fn.argumentTypes.localeCompare(b.fn.argumentTypes, "en") || a.fn.returnType.localeCompare(b.fn.returnType, "en"),
    );
    return member(name, union(ordered.map((c) => signature(c, ordered, ctx))));
  });
}
