// Catalog functions (pg_get_viewdef, pg_get_constraintdef, ...) print SQL keywords in upper case;
// our migrations are written in lower case. Unquoted words are case-insensitive in SQL (Postgres
// prints an identifier that needs its case in double quotes), so lower-casing everything outside
// string literals, quoted identifiers, dollar-quoted bodies and comments keeps the meaning.

const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;
const WORD_CHAR = /[A-Za-z0-9_$]/;

/** The end (exclusive) of the quoted run that starts at `start` with `quote` (' or "). */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === "\\") i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

/** The end (exclusive) of the literal, identifier, body or comment starting at `i`, or undefined. */
function verbatimEnd(sql: string, i: number): number | undefined {
  const c = sql[i]!;
  const previous = i > 0 ? sql[i - 1]! : "";
  if (c === "'") return quotedEnd(sql, i, "'", /[eE]/.test(previous) && !WORD_CHAR.test(i > 1 ? sql[i - 2]! : ""));
  if (c === '"') return quotedEnd(sql, i, '"', false);
  if (c === "-" && sql[i + 1] === "-") {
    const end = sql.indexOf("\n", i);
    return end < 0 ? sql.length : end;
  }
  if (c === "/" && sql[i + 1] === "*") {
    const end = sql.indexOf("*/", i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (c === "$" && !WORD_CHAR.test(previous)) {
    const tag = DOLLAR_TAG.exec(sql.slice(i))?.[0];
    if (tag === undefined) return undefined;
    const end = sql.indexOf(tag, i + tag.length);
    return end < 0 ? sql.length : end + tag.length;
  }
  return undefined;
}

/** `sql` with every character outside literals, quoted identifiers, bodies and comments in lower case. */
export function lowerSql(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const end = verbatimEnd(sql, i);
    if (end === undefined) {
      out += sql[i]!.toLowerCase();
      i += 1;
    } else {
      out += sql.slice(i, end);
      i = end;
    }
  }
  return out;
}
