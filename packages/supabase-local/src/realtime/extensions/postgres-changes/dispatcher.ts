// From a decoded change to postgres_changes pushes, following Realtime's apply_rls: the
// subscriptions of the changed table and event; per role, an error event when the role cannot
// select the primary key (401) or the table has none (400); else the subscriptions whose filters
// pass (DELETE: on the old values) and, for INSERT/UPDATE on a table with row level security,
// whose claims may select the row; then one payload per role (and `select` list) listing the
// columns the role may select, sent to each channel with the ids of its matching bindings.
import type pg from "pg";
import type { Catalog, ColumnMeta, RelationMeta } from "./catalog";
import { evaluateFilter, filterSql, type CompiledFilter } from "./filters";
import { CHANGE_ERRORS, changeData, type ChangeData, type ColumnDescription } from "./messages";
import type { RowChange } from "./replication";
import { visibleTo } from "./rls";
import type { ChangeTarget, Subscription, SubscriptionRegistry } from "./subscription-registry";
import { toJsonValue } from "./values";

/** Column name → text form (null for NULL); a column is absent when the change did not carry it. */
type Values = Map<string, string | null>;

interface RowValues {
  /** the new row's columns (INSERT, UPDATE), without unchanged TOAST values */
  columns: Values;
  /** the old replica identity (UPDATE, DELETE): the whole old row with REPLICA IDENTITY FULL */
  oldColumns: Values;
}

function tupleValues(change: RowChange, tuple: RowChange["newTuple"], keyOnly: boolean): Values {
  const values: Values = new Map();
  if (!tuple) return values;
  change.relation.columns.forEach((column, i) => {
    const value = tuple[i];
    if (!value || value.kind === "unchanged" || (keyOnly && !column.isKey)) return;
    values.set(column.name, value.kind === "null" ? null : value.text);
  });
  return values;
}

/** The row as wal2json (format 2) describes it to Realtime: `columns` and `identity`. */
export function rowValues(change: RowChange): RowValues {
  const columns = tupleValues(change, change.newTuple, false);
  let oldColumns: Values;
  if (change.oldTuple) oldColumns = tupleValues(change, change.oldTuple, false);
  else if (change.keyTuple) oldColumns = tupleValues(change, change.keyTuple, true);
  // an UPDATE that kept its key: the identity is the key columns of the new row
  else oldColumns = change.action === "UPDATE" ? tupleValues(change, change.newTuple, true) : new Map();
  return { columns, oldColumns };
}

interface Group {
  role: string;
  select: string[] | null;
  subscriptions: Subscription[];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Subscriptions of one role, split by their `select` list (each gets its own payload). */
function selectGroups(role: string, subscriptions: Subscription[]): Group[] {
  return [...groupBy(subscriptions, (sub) => (sub.select ? sub.select.join(",") : "")).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, subs]) => ({ role, select: subs[0]!.select, subscriptions: subs }));
}

function send(subscriptions: Subscription[], data: ChangeData): void {
  const json = JSON.stringify(data);
  const byTarget = new Map<ChangeTarget, Set<number>>();
  for (const sub of subscriptions) {
    const ids = byTarget.get(sub.target) ?? new Set<number>();
    ids.add(sub.bindingId);
    byTarget.set(sub.target, ids);
  }
  for (const [target, ids] of byTarget) target.deliverChange([...ids], json);
}

/**
 * The tenant's database events per second (ReplicationPoller's db_events rate counter): while it
 * is over the limit changes are skipped; each one sent counts once per subscription it reaches.
 */
export interface ChangeRateGate {
  admit(): boolean;
  delivered(subscriptions: number): void;
}

export class ChangeDispatcher {
  constructor(
    private readonly db: pg.Pool,
    private readonly catalog: Catalog,
    private readonly registry: SubscriptionRegistry,
    private readonly rateGate: ChangeRateGate = { admit: () => true, delivered: () => undefined },
  ) {}

  async dispatch(change: RowChange): Promise<void> {
    const subscriptions = this.registry
      .forRelation(change.relation.oid)
      .filter((sub) => sub.action === "*" || sub.action === change.action);
    if (subscriptions.length === 0 || !this.rateGate.admit()) return;
    const relation = await this.catalog.relation(change.relation.oid);
    if (!relation) return;
    const row = rowValues(change);
    const byRole = [...groupBy(subscriptions, (sub) => sub.role).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

    const deliveries: { group: Group; selectable: Set<string>; error?: string }[] = [];
    const candidates: Subscription[] = [];
    for (const [role, subs] of byRole) {
      const selectable = await this.catalog.selectable(relation.oid, role);
      if (change.action !== "DELETE" && relation.pk.length === 0) {
        for (const group of selectGroups(role, subs)) deliveries.push({ group, selectable, error: CHANGE_ERRORS.noPrimaryKey });
      } else if (change.action !== "DELETE" && !relation.pk.every((column) => selectable.has(column.name))) {
        for (const group of selectGroups(role, subs)) deliveries.push({ group, selectable, error: CHANGE_ERRORS.unauthorized });
      } else {
        candidates.push(...subs);
        for (const group of selectGroups(role, subs)) deliveries.push({ group, selectable });
      }
    }

    const passing = await this.passFilters(candidates, row, change.action);
    const visible = relation.rls && change.action !== "DELETE" ? await this.passRls(relation, row, passing, change.xid) : passing;

    for (const { group, selectable, error } of deliveries) {
      if (error) {
        send(group.subscriptions, changeData(change.action, relation.schema, relation.table, null, [], {}, {}, [error]));
        this.rateGate.delivered(group.subscriptions.length);
        continue;
      }
      const receivers = group.subscriptions.filter((sub) => visible.has(sub));
      if (receivers.length === 0) continue;
      send(receivers, this.payload(change, relation, row, selectable, group.select));
      this.rateGate.delivered(receivers.length);
    }
  }

  /** Filters decided in JavaScript where exact, the rest in one query. */
  private async passFilters(subscriptions: Subscription[], row: RowValues, action: RowChange["action"]): Promise<Set<Subscription>> {
    const values = action === "DELETE" ? row.oldColumns : row.columns;
    const pending: { filter: CompiledFilter; value: string | null }[] = [];
    const outcomes = new Map<Subscription, (boolean | number)[]>();
    for (const sub of subscriptions) {
      const results: (boolean | number)[] = [];
      for (const filter of sub.filters) {
        if (!values.has(filter.column)) {
          results.push(false); // a filter on a column the change does not carry fails
          continue;
        }
        const value = values.get(filter.column) ?? null;
        const outcome = evaluateFilter(filter, value);
        if (outcome === "sql") {
          results.push(pending.length);
          pending.push({ filter, value });
        } else {
          results.push(outcome);
        }
      }
      outcomes.set(sub, results);
    }
    let decided: boolean[] = [];
    if (pending.length > 0) {
      const columns = pending.map(({ filter, value }, i) => `${filterSql(filter, value)} as f${i}`);
      const { rows } = await this.db.query<Record<string, boolean>>(`select ${columns.join(", ")}`);
      decided = pending.map((_, i) => rows[0]?.[`f${i}`] === true);
    }
    const passing = new Set<Subscription>();
    for (const [sub, results] of outcomes) {
      if (results.every((result) => (typeof result === "number" ? decided[result] === true : result))) passing.add(sub);
    }
    return passing;
  }

  private async passRls(relation: RelationMeta, row: RowValues, subscriptions: Set<Subscription>, xid: number): Promise<Set<Subscription>> {
    if (subscriptions.size === 0) return subscriptions;
    const pkValues = new Map<string, string>();
    for (const column of relation.pk) {
      const value = row.columns.get(column.name) ?? row.oldColumns.get(column.name);
      if (value === undefined || value === null) return new Set();
      pkValues.set(column.name, value);
    }
    const sets = [...groupBy([...subscriptions], (sub) => `${sub.role}\u0000${sub.claimsJson}`).values()];
    const results = await visibleTo(
      this.db,
      relation,
      pkValues,
      sets.map((subs) => ({ role: subs[0]!.role, claimsJson: subs[0]!.claimsJson })),
      xid,
    );
    const visible = new Set<Subscription>();
    sets.forEach((subs, i) => {
      if (results[i]) for (const sub of subs) visible.add(sub);
    });
    return visible;
  }

  private payload(change: RowChange, relation: RelationMeta, row: RowValues, selectable: Set<string>, select: string[] | null): ChangeData {
    const included = (column: ColumnMeta) =>
      selectable.has(column.name) && (select === null || column.isPk || select.includes(column.name));
    const columns: ColumnDescription[] = relation.columns.filter(included).map((column) => ({ name: column.name, type: column.typname }));
    const toRecord = (values: Values, extra: (column: ColumnMeta) => boolean = () => true) => {
      const record: Record<string, unknown> = {};
      for (const column of relation.columns) {
        if (!values.has(column.name) || !included(column) || !extra(column)) continue;
        record[column.name] = toJsonValue(values.get(column.name) ?? null, column.kind);
      }
      return record;
    };
    // unchanged TOAST values come from the old row when it carries them
    const merged: Values = new Map([...row.oldColumns, ...row.columns]);
    const record = change.action === "DELETE" ? {} : toRecord(change.action === "UPDATE" ? merged : row.columns);
    const oldRecord =
      change.action === "INSERT" ? {} : toRecord(row.oldColumns, (column) => change.action !== "DELETE" || !relation.rls || column.isPk);
    return changeData(change.action, relation.schema, relation.table, change.commitTime.toISOString(), columns, record, oldRecord, null);
  }
}
