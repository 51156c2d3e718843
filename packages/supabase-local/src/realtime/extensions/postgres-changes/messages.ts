// The postgres_changes messages, in one place, as Supabase Realtime sends them: the push that
// carries a change (the payload builders of postgres_cdc_rls, Realtime.Adapters.Changes), the
// errors apply_rls reports instead of a row, and the texts of the `postgres_changes` system
// messages about a channel's subscriptions. The extension and the channel build them only here.
import type { ChangeAction } from "./replication";

export const POSTGRES_CHANGES_MESSAGES = {
  subscribedToPostgres: "Subscribed to PostgreSQL",
  subscriptionFailed: (params: string) =>
    `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${params}]`,
  subscriptionException: (params: string, exception: string) =>
    `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [${params}]. Exception: ${exception}`,
} as const;

/** The `postgres_changes` push: the ids of the receiver's matching bindings and the change. */
export function postgresChangesPayloadJson(ids: readonly number[], dataJson: string): string {
  return `{"ids":${JSON.stringify(ids)},"data":${dataJson}}`;
}

export interface ColumnDescription {
  name: string;
  type: string;
}

/** The `data` of a postgres_changes push (Realtime.Adapters.Changes.{New,Updated,Deleted}Record). */
export interface ChangeData {
  schema: string;
  table: string;
  commit_timestamp: string | null;
  type: ChangeAction;
  columns: ColumnDescription[];
  record?: Record<string, unknown>;
  old_record?: Record<string, unknown>;
  errors: string[] | null;
}

export function changeData(
  type: ChangeAction,
  schema: string,
  table: string,
  commitTimestamp: string | null,
  columns: ColumnDescription[],
  record: Record<string, unknown>,
  oldRecord: Record<string, unknown>,
  errors: string[] | null,
): ChangeData {
  const data: ChangeData = { schema, table, commit_timestamp: commitTimestamp, type, columns, errors };
  if (type !== "DELETE") data.record = record;
  if (type !== "INSERT") data.old_record = oldRecord;
  return data;
}

/** Errors apply_rls reports instead of a row. */
export const CHANGE_ERRORS = {
  noPrimaryKey: "Error 400: Bad Request, no primary key",
  unauthorized: "Error 401: Unauthorized",
} as const;
