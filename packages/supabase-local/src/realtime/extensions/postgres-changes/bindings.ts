// A channel's postgres_changes bindings: the entries of the join's `config.postgres_changes`, each
// kept as the client sent it (the join reply echoes it) with the id that the reply and every event
// of that binding carry.
import { createHash } from "node:crypto";

/** One binding of the join payload, with the id the reply echoes and events carry. */
export interface Binding {
  id: number;
  params: Record<string, unknown>;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A stable id for a binding's params (Realtime uses :erlang.phash2/1, a 27-bit hash). */
export function bindingId(params: Record<string, unknown>): number {
  return createHash("sha1").update(canonicalJson(params)).digest().readUInt32BE(0) & 0x7ffffff;
}

export function toBindings(config: unknown): Binding[] {
  if (!Array.isArray(config)) return [];
  return config
    .filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null && !Array.isArray(entry))
    .map((params) => ({ id: bindingId(params), params }));
}
