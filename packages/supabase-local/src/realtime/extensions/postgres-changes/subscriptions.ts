// postgres_changes subscriptions: a channel's bindings parsed and checked against the database the
// way Realtime creates rows of realtime.subscription (the parse_subscription_params rules, the
// publication's tables, and the subscription_check_filters trigger: filter columns the role may
// select, operands that cast to the column's type). What passes is what the channel activates in
// ./subscription-registry.
import type { Claims } from "../../authorization/jwt";
import type { Binding } from "./bindings";
import { describeRelation, selectableColumns, type Queryable, type RelationMeta } from "./catalog";
import { isConnectionError } from "./connection-errors";
import { parseFilters, type CompiledFilter, type Filter } from "./filters";
import { POSTGRES_CHANGES_MESSAGES } from "./messages";
import type { ChangeAction } from "./replication";

export type ActionFilter = "*" | ChangeAction;

export interface SubscriptionParams {
  action: ActionFilter;
  schema: string;
  table: string;
  filters: Filter[];
  select: string[] | null;
}

export interface ResolvedSubscription {
  bindingId: number;
  relationOid: number;
  action: ActionFilter;
  filters: CompiledFilter[];
  select: string[] | null;
  role: string;
  claims: Claims;
  /** the claims as JSON: subscriptions with equal claims share one RLS check */
  claimsJson: string;
}

export type ResolveResult = { ok: true; subscriptions: ResolvedSubscription[] } | { ok: false; error: string };

function actionFilter(event: unknown): ActionFilter {
  if (typeof event !== "string" || event === "*") return "*";
  const upper = event.toUpperCase();
  return upper === "INSERT" || upper === "UPDATE" || upper === "DELETE" ? upper : "*";
}

/** Realtime's Subscriptions.parse_subscription_params/1. */
export function parseSubscriptionParams(
  params: Record<string, unknown>,
): { ok: true; value: SubscriptionParams } | { ok: false; error: string } {
  const action = actionFilter(params.event);
  let select: string[] | null = null;
  if (Array.isArray(params.select)) {
    const valid = params.select.filter((column): column is string => typeof column === "string");
    select = valid.length > 0 ? valid : null;
  } else if (typeof params.select === "string") {
    return { ok: false, error: 'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]' };
  }
  const has = (key: string) => key in params && params[key] !== undefined;
  const { schema, table, filter } = params;
  let value: SubscriptionParams;
  if (typeof schema === "string" && typeof table === "string" && typeof filter === "string") {
    const parsed = parseFilters(filter);
    if (!parsed.ok) return parsed;
    value = { action, schema, table, filters: parsed.filters, select };
  } else if (typeof schema === "string" && typeof table === "string" && !has("filter")) {
    value = { action, schema, table, filters: [], select };
  } else if (typeof schema === "string" && !has("table") && !has("filter")) {
    value = { action, schema, table: "*", filters: [], select };
  } else if (typeof table === "string" && !has("schema") && !has("filter")) {
    value = { action, schema: "public", table, filters: [], select };
  } else {
    return {
      ok: false,
      error: `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${JSON.stringify(params)}`,
    };
  }
  if (select && (value.schema === "*" || value.table === "*")) {
    return { ok: false, error: "Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name." };
  }
  return { ok: true, value };
}

/** The parameters as Realtime writes them into its error messages. */
function paramsToLog(p: SubscriptionParams): string {
  const filters = p.filters
    .map((f) => `{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.value)}, ${f.negate}}`)
    .join(", ");
  const select = p.select ? `[${p.select.map((c) => JSON.stringify(c)).join(", ")}]` : "nil";
  return `event: ${p.action}, schema: ${p.schema}, table: ${p.table}, filters: [${filters}], select: ${select}`;
}

/** A failed check, worded as the Postgres error Realtime would quote. */
class CheckError extends Error {
  constructor(
    message: string,
    readonly sqlstate = "P0001",
  ) {
    super(message);
  }
}

const CONDITION_NAMES: Record<string, string> = {
  P0001: "raise_exception",
  "22P02": "invalid_text_representation",
  "22007": "invalid_datetime_format",
  "22008": "datetime_field_overflow",
  "22003": "numeric_value_out_of_range",
  "2201B": "invalid_regular_expression",
  "42704": "undefined_object",
  "22023": "invalid_parameter_value",
};

function exceptionText(error: unknown): string {
  const sqlstate = error instanceof CheckError ? error.sqlstate : String((error as { code?: unknown }).code ?? "XX000");
  const message = error instanceof Error ? error.message : String(error);
  const name = CONDITION_NAMES[sqlstate];
  return `ERROR ${sqlstate}${name ? ` (${name})` : ""} ${message}`;
}

const IS_KEYWORDS = ["null", "true", "false", "unknown"];

/** Values as the type's output function prints them: the form logical replication carries (t, not true). */
const OUTPUT_TEXT = { getTypeParser: () => (value: string) => value };

async function compileFilter(db: Queryable, relation: RelationMeta, selectable: Set<string>, filter: Filter): Promise<CompiledFilter> {
  const column = relation.byName.get(filter.column);
  if (!column || !selectable.has(filter.column)) throw new CheckError(`invalid column for filter ${filter.column}`);
  const type = column.typeSql;
  let operand: string | (string | null)[] | null = null;
  switch (filter.op) {
    case "in": {
      const { rows } = await db.query<{ item: string | null }>({
        text: `select x as item from unnest($1::${type}[]) x`,
        values: [filter.value],
        types: OUTPUT_TEXT,
      });
      operand = rows.map((row) => row.item);
      if (operand.length > 100) throw new CheckError("too many values for `in` filter. Maximum 100");
      break;
    }
    case "is":
      if (!IS_KEYWORDS.includes(filter.value)) throw new CheckError("invalid value for is filter: must be null, true, false, or unknown");
      if (filter.value !== "null" && type !== "boolean")
        throw new CheckError(`is ${filter.value} filter requires a boolean column, got ${type}`);
      break;
    case "like":
    case "ilike":
    case "match":
    case "imatch": {
      const operator = filter.op === "imatch" ? "~*" : filter.op === "match" ? "~" : "~~";
      const { rows } = await db.query<{ ok: boolean }>(
        `select exists(select 1 from pg_catalog.pg_operator where oprname = $1 and oprleft = $2::regtype and ($3 or (oprright = $2::regtype and oprresult = 'boolean'::regtype))) as ok`,
        [operator, type, operator === "~~"],
      );
      if (!rows[0]?.ok) throw new CheckError(`operator ${filter.op} requires a text-compatible column type, got ${type}`);
      if (operator !== "~~") {
        try {
          await db.query("select '' ~ $1", [filter.value]);
        } catch (error) {
          throw new CheckError(`invalid regular expression for ${filter.op} filter: ${(error as Error).message}`);
        }
      }
      break;
    }
    default: {
      const { rows } = await db.query<{ canonical: string }>({
        text: `select $1::${type} as canonical`,
        values: [filter.value],
        types: OUTPUT_TEXT,
      });
      operand = rows[0]?.canonical ?? null;
    }
  }
  const exact = column.jsOrder !== null && operand !== null && !["like", "ilike", "match", "imatch", "is"].includes(filter.op);
  return { ...filter, typeSql: type, js: exact && column.jsOrder ? { ...column.jsOrder, operand: operand! } : null };
}

async function resolveOne(
  db: Queryable,
  publication: string,
  binding: Binding,
  params: SubscriptionParams,
  claims: Claims,
): Promise<ResolvedSubscription[] | string> {
  const role = claims.role;
  const { rows: entities } = await db.query<{ oid: number }>(
    `select c.oid::int as oid
     from pg_catalog.pg_publication_tables pt
     join pg_catalog.pg_namespace n on n.nspname = pt.schemaname
     join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
     where pt.pubname = $1
       and pt.schemaname like (case $2 when '*' then '%' else $2 end) escape ''
       and pt.tablename like (case $3 when '*' then '%' else $3 end) escape ''
     order by pt.schemaname, pt.tablename`,
    [publication, params.schema, params.table],
  );
  if (entities.length === 0) return POSTGRES_CHANGES_MESSAGES.subscriptionFailed(paramsToLog(params));
  const subscriptions: ResolvedSubscription[] = [];
  try {
    const { rows } = await db.query<{ exists: boolean }>("select exists(select 1 from pg_catalog.pg_roles where rolname = $1) as exists", [
      role,
    ]);
    if (!rows[0]?.exists) throw new CheckError(`role "${role}" does not exist`, "42704");
    for (const { oid } of entities) {
      const relation = await describeRelation(db, oid);
      if (!relation) continue;
      const selectable = await selectableColumns(db, oid, role);
      const filters: CompiledFilter[] = [];
      for (const filter of params.filters) filters.push(await compileFilter(db, relation, selectable, filter));
      for (const column of params.select ?? []) {
        if (!selectable.has(column)) throw new CheckError(`invalid column for select ${column}`);
      }
      subscriptions.push({
        bindingId: binding.id,
        relationOid: oid,
        action: params.action,
        filters,
        select: params.select ? [...params.select].sort() : null,
        role,
        claims,
        claimsJson: JSON.stringify(claims),
      });
    }
  } catch (error) {
    if (!(error instanceof CheckError) && isConnectionError(error)) throw error;
    return POSTGRES_CHANGES_MESSAGES.subscriptionException(paramsToLog(params), exceptionText(error));
  }
  return subscriptions;
}

/**
 * Checks a channel's bindings against the database for `claims`. All or nothing, as Realtime
 * inserts them in one transaction: the first failure is the error. Throws when the database
 * cannot be reached.
 */
export async function resolveSubscriptions(
  db: Queryable,
  publication: string,
  bindings: Binding[],
  claims: Claims,
): Promise<ResolveResult> {
  const parsed: SubscriptionParams[] = [];
  for (const binding of bindings) {
    const result = parseSubscriptionParams(binding.params);
    if (!result.ok) return { ok: false, error: result.error };
    parsed.push(result.value);
  }
  const subscriptions: ResolvedSubscription[] = [];
  for (const [i, binding] of bindings.entries()) {
    const resolved = await resolveOne(db, publication, binding, parsed[i]!, claims);
    if (typeof resolved === "string") return { ok: false, error: resolved };
    subscriptions.push(...resolved);
  }
  return { ok: true, subscriptions };
}
