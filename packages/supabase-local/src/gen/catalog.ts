// What the schema dump's sections share: reading rows from the catalog and the SQL snippets that
// pick an application schema's own objects (not those an extension brings).
import type { ClientBase, QueryResultRow } from "pg";

/** A dump section: a title and its blocks (an object's statements), in order. */
export interface Section {
  title: string;
  blocks: string[];
}

/** Reads a section of the dump of schemas `names`. */
export type SectionReader = (client: ClientBase, names: string[]) => Promise<Section>;

export async function rowsOf<R extends QueryResultRow>(client: ClientBase, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await client.query<R>(sql, params)).rows;
}

/** SQL: true when the object `oid` of catalog `catalog` was not created by an extension. */
export function notFromExtension(catalog: string, oid: string): string {
  return `not exists (select 1 from pg_depend dep where dep.classid = '${catalog}'::regclass and dep.objid = ${oid} and dep.deptype = 'e')`;
}

/** An object's block: its statement, then the statements (comments, settings) that are not null. */
export function block(statement: string, ...more: (string | null | undefined)[]): string {
  return [statement, ...more.filter((s): s is string => typeof s === "string")].join("\n");
}

/**
 * A section of one block per row of `sql` (run with the schema names as $1): its `statement`
 * (through `format`), then its `state` and `comment` statements where not null.
 */
export function querySection(title: string, sql: string, format: (statement: string) => string = (s) => s): SectionReader {
  return async (client, names) => {
    const rows = await rowsOf<{ statement: string; state?: string | null; comment?: string | null }>(client, sql, [names]);
    return { title, blocks: rows.map((r) => block(format(r.statement), r.state, r.comment)) };
  };
}
