// Reading what an embedded player posts: anything may arrive on the message bus.
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
export const finiteNumber = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
