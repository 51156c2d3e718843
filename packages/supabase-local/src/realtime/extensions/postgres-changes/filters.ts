// postgres_changes filters: the `filter` string of a binding (`stream_id=eq.<uuid>`,
// `id=in.(1,2)`, `status=not.in.(a,b)`, `id=gt.0,id=lt.100`), parsed exactly as Realtime's
// Subscriptions.parse_subscription_params/1 parses it, and evaluated against a row with Postgres
// semantics (realtime.check_equality_op: both sides cast to the column's type). Comparisons whose
// result JavaScript can reproduce exactly (integers, uuids, booleans, equality of deterministic
// text) are decided here; the rest become SQL for the database to decide.
import pg from "pg";

export const FILTER_OPS = ["eq", "neq", "lt", "lte", "gt", "gte", "in", "like", "ilike", "is", "match", "imatch", "isdistinct"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface Filter {
  column: string;
  op: FilterOp;
  /** The operand as Realtime stores it: unquoted; for `in`, an array literal `{a,b}`. */
  value: string;
  negate: boolean;
}

export type ParseResult = { ok: true; filters: Filter[] } | { ok: false; error: string };

/** Elixir's `inspect/1` of a list of strings, which Realtime puts in its parse errors. */
function inspectList(parts: string[]): string {
  return `[${parts.map((part) => JSON.stringify(part)).join(", ")}]`;
}

/** Splits on commas outside parentheses and double quotes (a quote opens only after `.`, `(` or `,`). */
export function splitTopLevel(filter: string): string[] {
  const segments: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  let prev = "";
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i]!;
    if (quoted) {
      if (char === "\\" && i + 1 < filter.length) {
        current += char + filter[i + 1]!;
        prev = filter[i + 1]!;
        i++;
        continue;
      }
      current += char;
      if (char === '"') quoted = false;
      prev = char;
      continue;
    }
    if (char === '"' && (prev === "." || prev === "(" || prev === ",")) {
      quoted = true;
    } else if (char === "(") {
      depth++;
    } else if (char === ")") {
      depth = Math.max(0, depth - 1);
    } else if (char === "," && depth === 0) {
      segments.push(current);
      current = "";
      prev = "";
      continue;
    }
    current += char;
    prev = char;
  }
  segments.push(current);
  return segments;
}

/** `"a,b"` → `a,b` (backslash escapes dropped); anything not wholly quoted stays as it is. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let out = "";
  for (let i = 1; i < value.length; i++) {
    const char = value[i]!;
    if (char === "\\" && i + 1 < value.length) {
      out += value[++i]!;
    } else if (char === '"') {
      return i === value.length - 1 ? out : value;
    } else {
      out += char;
    }
  }
  return value;
}

function parseSegment(segment: string): { ok: true; filter: Filter } | { ok: false; error: string } {
  const trimmed = segment.trim();
  if (trimmed === "") return { ok: false, error: "filter must not contain empty segments (check for extra commas)" };
  const eq = trimmed.indexOf("=");
  if (eq < 0) return { ok: false, error: inspectList([trimmed]) };
  const column = trimmed.slice(0, eq);
  let rest = trimmed.slice(eq + 1);
  const negate = rest.startsWith("not.");
  if (negate) rest = rest.slice(4);
  const dot = rest.indexOf(".");
  if (dot < 0) return { ok: false, error: inspectList([rest]) };
  const op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  if (!(FILTER_OPS as readonly string[]).includes(op)) return { ok: false, error: inspectList([op, value]) };
  if (op === "in") {
    if (value.length < 2 || !value.startsWith("(") || !value.endsWith(")"))
      return { ok: false, error: "`in` filter value must be wrapped by parentheses" };
    return { ok: true, filter: { column, op, value: `{${value.slice(1, -1)}}`, negate } };
  }
  return { ok: true, filter: { column, op: op as FilterOp, value: unquote(value), negate } };
}

/** Parses a binding's filter; an empty or blank filter means "no filter". */
export function parseFilters(filter: string): ParseResult {
  const trimmed = filter.trim();
  if (trimmed === "") return { ok: true, filters: [] };
  const filters: Filter[] = [];
  for (const segment of splitTopLevel(trimmed)) {
    const parsed = parseSegment(segment);
    if (!parsed.ok) return { ok: false, error: `Error parsing \`filter\` params: ${parsed.error}` };
    filters.push(parsed.filter);
  }
  return { ok: true, filters };
}

/** How JavaScript compares canonical text forms of a type, when it can do so exactly. */
export type JsOrder =
  /** integers: numeric order */
  | "integer"
  /** uuid, bool: the canonical text orders as the values do */
  | "text"
  /** deterministic text, enums: equality only */
  | "equality";

export interface JsComparison {
  order: JsOrder;
  /** bpchar ignores trailing spaces */
  trimTrailingSpaces: boolean;
  /** The operand in the column type's canonical text form (`in`: one entry per element, null for NULL). */
  operand: string | (string | null)[];
}

/** A filter bound to its column: the SQL type for casts, and a JS comparison when one is exact. */
export interface CompiledFilter extends Filter {
  typeSql: string;
  js: JsComparison | null;
}

/** The outcome of a filter on one row: decided, or left to the database. */
export type FilterOutcome = boolean | "sql";

function compareCanonical(order: JsOrder, a: string, b: string): number {
  if (order === "integer") {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SQL's three-valued result of `value <op> operand` (null when either side is NULL). */
function compareOp(op: FilterOp, cmp: (operand: string) => number, operand: string | null): boolean | null {
  if (operand === null) return null;
  const c = cmp(operand);
  switch (op) {
    case "eq":
      return c === 0;
    case "neq":
      return c !== 0;
    case "lt":
      return c < 0;
    case "lte":
      return c <= 0;
    case "gt":
      return c > 0;
    case "gte":
      return c >= 0;
    default:
      return null;
  }
}

/**
 * Evaluates `filter` on a column value given in Postgres' text form (null for SQL NULL).
 * Mirrors realtime.check_equality_op: a NULL result (and its negation) means "not visible".
 */
export function evaluateFilter(filter: CompiledFilter, value: string | null): FilterOutcome {
  const { op, negate } = filter;
  if (op === "is") {
    // `is true|false` is accepted on boolean columns only, whose text forms are t and f
    const keyword = filter.value;
    const result =
      value === null
        ? keyword === "null" || keyword === "unknown"
        : keyword === "true"
          ? value === "t"
          : keyword === "false"
            ? value === "f"
            : false;
    return negate ? !result : result;
  }
  const js = filter.js;
  if (js === null || op === "like" || op === "ilike" || op === "match" || op === "imatch") return "sql";
  const normalize = (text: string) => (js.trimTrailingSpaces ? text.replace(/ +$/, "") : text);
  if (op === "isdistinct") {
    const operand = js.operand as string | null;
    const distinct = value === null || operand === null ? value !== operand : normalize(value) !== normalize(operand);
    return negate ? !distinct : distinct;
  }
  if (value === null) return false;
  if (js.order === "equality" && op !== "eq" && op !== "neq" && op !== "in") return "sql";
  const cmp = (operand: string) =>
    js.order === "equality"
      ? normalize(value) === normalize(operand)
        ? 0
        : 1
      : compareCanonical(js.order, normalize(value), normalize(operand));
  let result: boolean | null;
  if (op === "in") {
    const operands = js.operand as (string | null)[];
    if (operands.some((operand) => operand !== null && cmp(operand) === 0)) result = true;
    else result = operands.some((operand) => operand === null) ? null : false;
  } else {
    result = compareOp(op, cmp, js.operand as string | null);
  }
  if (result === null) return false;
  return negate ? !result : result;
}

const SQL_OPERATORS: Partial<Record<FilterOp, string>> = {
  eq: "=",
  neq: "!=",
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
  in: "= any",
  like: "LIKE",
  ilike: "ILIKE",
  match: "~",
  imatch: "~*",
};

/** A boolean SQL expression deciding `filter` on `value` (the text form, null for NULL). */
export function filterSql(filter: CompiledFilter, value: string | null): string {
  const left = `${value === null ? "NULL" : pg.escapeLiteral(value)}::${filter.typeSql}`;
  if (filter.op === "isdistinct") {
    return `coalesce(${left} ${filter.negate ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM"} ${pg.escapeLiteral(filter.value)}::${filter.typeSql}, false)`;
  }
  if (filter.op === "is") {
    const keyword = filter.value.toUpperCase();
    if (!["NULL", "TRUE", "FALSE", "UNKNOWN"].includes(keyword)) return "false";
    return `coalesce(${left} ${filter.negate ? "IS NOT" : "IS"} ${keyword}, false)`;
  }
  const operator = SQL_OPERATORS[filter.op];
  if (!operator) return "false";
  const rightType = filter.op === "in" ? `${filter.typeSql}[]` : filter.typeSql;
  const comparison = `(${left} ${operator} (${pg.escapeLiteral(filter.value)}::${rightType}))`;
  return `coalesce(${filter.negate ? `not ${comparison}` : comparison}, false)`;
}
