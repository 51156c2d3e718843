// The lenient readers behind Realtime's payload schemas (RealtimeWeb.Channels.Payloads): a map
// where one is expected (anything else reads as an empty one), and FlexibleBoolean.

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Realtime's FlexibleBoolean: true/false or their spellings as strings. */
export function flexibleBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return typeof value === "string" && value.toLowerCase() === "true";
}
