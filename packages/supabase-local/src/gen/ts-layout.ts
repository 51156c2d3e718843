// Lays out TypeScript type literals and object literals the way Prettier (80 columns, 2 spaces,
// no semicolons, trailing commas) prints the Supabase CLI's generated types, so that the generated
// file matches what `supabase gen types typescript` writes without depending on Prettier.
// An object written across lines stays across lines (Prettier keeps an object expanded when its
// source has a line break after `{`); anything else goes on one line when it fits.

export type Doc =
  | { kind: "text"; text: string }
  | { kind: "object"; members: Member[]; expanded: boolean; literal: boolean }
  | { kind: "array"; items: Doc[] }
  | { kind: "union"; items: Doc[] }
  | { kind: "suffixed"; doc: Doc; suffix: string };

/** A property, or a line written as it is (a comment, a mapped type's `[_ in never]: never`). */
export type Member = { key: string; optional?: boolean; value: Doc } | { line: string };

const WIDTH = 80;
const IDENTIFIER = /^[$_\p{ID_Start}][$\u200C\u200D\p{ID_Continue}]*$/u;

export const text = (value: string): Doc => ({ kind: "text", text: value });
/** A type literal; `expanded`: written across lines. */
export const typeLiteral = (members: Member[], expanded = false): Doc => ({ kind: "object", members, expanded, literal: false });
/** An object literal (a value, as in `Constants`), written across lines. */
export const objectLiteral = (members: Member[]): Doc => ({ kind: "object", members, expanded: true, literal: true });
export const array = (items: Doc[]): Doc => ({ kind: "array", items });
export const union = (items: Doc[]): Doc => (items.length === 1 ? items[0]! : { kind: "union", items });
export const suffixed = (doc: Doc, suffix: string): Doc => (suffix === "" ? doc : { kind: "suffixed", doc, suffix });
export const member = (key: string, value: Doc, optional = false): Member => ({ key, value, optional });
export const line = (written: string): Member => ({ line: written });

/** A string as Prettier prints it: double quotes unless the text holds more of them than single ones. */
export function quoted(value: string): string {
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  if (doubles > singles) return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  return JSON.stringify(value);
}

/** A property key as Prettier prints it (quote props "as-needed"). */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quoted(name);
}

function memberHead(m: { key: string; optional?: boolean }): string {
  return `${propertyKey(m.key)}${m.optional ? "?" : ""}:`;
}

/** The one-line form, or undefined when the doc must span lines. */
function flat(doc: Doc): string | undefined {
  switch (doc.kind) {
    case "text":
      return doc.text;
    case "suffixed": {
      const inner = flat(doc.doc);
      return inner === undefined ? undefined : inner + doc.suffix;
    }
    case "array":
      return joinFlat(doc.items, ", ", "[", "]");
    case "union":
      return joinFlat(doc.items, " | ", "", "");
    case "object": {
      if (doc.members.length === 0) return "{}";
      if (doc.expanded) return undefined;
      const parts: string[] = [];
      for (const m of doc.members) {
        if ("line" in m) return undefined;
        const value = flat(m.value);
        if (value === undefined) return undefined;
        parts.push(`${memberHead(m)} ${value}`);
      }
      return `{ ${parts.join(doc.literal ? ", " : "; ")} }`;
    }
  }
}

function joinFlat(items: Doc[], separator: string, open: string, close: string): string | undefined {
  const parts = items.map(flat);
  return parts.some((p) => p === undefined) ? undefined : `${open}${parts.join(separator)}${close}`;
}

const pad = (n: number) => " ".repeat(n);

// a union of one object with null or undefined keeps the object's braces on the member's line
function huggedObject(doc: Doc): Doc | undefined {
  if (doc.kind !== "union") return undefined;
  const objects = doc.items.filter((i) => i.kind === "object");
  const rest = doc.items.filter((i) => i.kind === "text" && (i.text === "null" || i.text === "undefined"));
  return objects.length === 1 && objects.length + rest.length === doc.items.length ? objects[0] : undefined;
}

/**
 * `doc` printed at indentation `indent`, its first line starting at column `column`, with `trail`
 * more characters after it on its last line.
 */
function print(doc: Doc, indent: number, column: number, trail: number): string {
  const oneLine = flat(doc);
  if (oneLine !== undefined && column + oneLine.length + trail <= WIDTH) return oneLine;
  switch (doc.kind) {
    case "text":
      return doc.text;
    case "suffixed":
      return print(doc.doc, indent, column, trail + doc.suffix.length) + doc.suffix;
    case "array":
      return `[\n${doc.items.map((item) => `${pad(indent + 2)}${print(item, indent + 2, indent + 2, 1)},\n`).join("")}${pad(indent)}]`;
    case "union": {
      const hug = huggedObject(doc);
      if (hug !== undefined) {
        const rest = doc.items
          .filter((i) => i !== hug)
          .map((i) => flat(i))
          .join(" | ");
        return `${print(hug, indent, column, trail + rest.length + 3)} | ${rest}`;
      }
      // each member on its own line after `| `, objects indented from the bar
      return doc.items.map((item) => `\n${pad(indent + 2)}| ${print(item, indent + 4, indent + 4, trail)}`).join("");
    }
    case "object": {
      const lines = doc.members.map((m) => {
        if ("line" in m) return `${pad(indent + 2)}${m.line}`;
        const head = `${pad(indent + 2)}${memberHead(m)}`;
        const comma = doc.literal ? "," : "";
        const value = print(m.value, indent + 2, head.length + 1, comma.length);
        return value.startsWith("\n") ? `${head}${value}${comma}` : `${head} ${value}${comma}`;
      });
      return `{\n${lines.join("\n")}\n${pad(indent)}}`;
    }
  }
}

/** `doc` laid out at the start of a line with `prefix` before it (such as `export type X = `). */
export function layout(doc: Doc, prefix = "", suffix = ""): string {
  return `${prefix}${print(doc, 0, prefix.length, suffix.length)}${suffix}`;
}
