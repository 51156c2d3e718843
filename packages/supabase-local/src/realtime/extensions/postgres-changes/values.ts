// Column values as Realtime sends them: logical replication gives Postgres' text form of each
// value, and Realtime (realtime.cast → to_jsonb) turns it into JSON by type. This module does the
// same conversion: booleans as true/false, numbers as numbers (NaN and ±Infinity as strings),
// json/jsonb as their value, timestamps in ISO form with a "T", arrays as JSON arrays of converted
// elements, everything else as its text form.

export type ValueKind =
  | { kind: "bool" }
  | { kind: "number" }
  | { kind: "json" }
  | { kind: "timestamptz" }
  | { kind: "timestamp" }
  | { kind: "text" }
  | { kind: "array"; element: ValueKind; delimiter: string };

export const TEXT_KIND: ValueKind = { kind: "text" };

const NUMBER_TYPES = new Set(["int2", "int4", "int8", "float4", "float8", "numeric"]);

/** The kind of a base (non-domain, non-array) type from its pg_catalog name. */
export function scalarKind(typname: string): ValueKind {
  if (typname === "bool") return { kind: "bool" };
  if (NUMBER_TYPES.has(typname)) return { kind: "number" };
  if (typname === "json" || typname === "jsonb") return { kind: "json" };
  if (typname === "timestamptz") return { kind: "timestamptz" };
  if (typname === "timestamp") return { kind: "timestamp" };
  return TEXT_KIND;
}

export type ArrayNode = (string | null | ArrayNode)[];

/** Parses an array's text form (`{1,2}`, `{{"a b",NULL}}`, `[0:1]={1,2}`) into nested string arrays. */
export function parseArrayLiteral(text: string, delimiter = ","): ArrayNode {
  let i = 0;
  // optional dimension decoration, e.g. [0:1]=
  if (text.startsWith("[")) {
    const eq = text.indexOf("=");
    if (eq < 0) throw new Error(`malformed array literal: ${text}`);
    i = eq + 1;
  }
  const parseLevel = (): ArrayNode => {
    if (text[i] !== "{") throw new Error(`malformed array literal: ${text}`);
    i++;
    const items: ArrayNode = [];
    if (text[i] === "}") {
      i++;
      return items;
    }
    for (;;) {
      const char = text[i];
      if (char === "{") {
        items.push(parseLevel());
      } else if (char === '"') {
        i++;
        let value = "";
        while (i < text.length && text[i] !== '"') {
          if (text[i] === "\\") i++;
          value += text[i] ?? "";
          i++;
        }
        i++; // closing quote
        items.push(value);
      } else {
        let value = "";
        while (i < text.length && text[i] !== delimiter && text[i] !== "}") value += text[i++];
        const trimmed = value.trim();
        items.push(trimmed.toUpperCase() === "NULL" ? null : trimmed);
      }
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return items;
      }
      throw new Error(`malformed array literal: ${text}`);
    }
  };
  return parseLevel();
}

const TIMESTAMPTZ = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(:\d{2}(?::\d{2})?)?$/;

function convertArray(node: ArrayNode, element: ValueKind): unknown[] {
  return node.map((item) => (Array.isArray(item) ? convertArray(item, element) : toJsonValue(item, element)));
}

/** `to_jsonb(<text>::<type>)` for a value in Postgres' text form (null for SQL NULL). */
export function toJsonValue(text: string | null, kind: ValueKind): unknown {
  if (text === null) return null;
  switch (kind.kind) {
    case "bool":
      return text === "t" ? true : text === "f" ? false : text;
    case "number": {
      const value = Number(text);
      return Number.isFinite(value) ? value : text;
    }
    case "json":
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case "timestamptz": {
      const match = TIMESTAMPTZ.exec(text);
      if (!match) return text;
      return `${match[1]}T${match[2]}${match[3]}${match[4] ?? ":00"}`;
    }
    case "timestamp":
      return /^\d{4,}-\d{2}-\d{2} \d/.test(text) ? text.replace(" ", "T") : text;
    case "array":
      try {
        return convertArray(parseArrayLiteral(text, kind.delimiter), kind.element);
      } catch {
        return text;
      }
    case "text":
      return text;
  }
}
