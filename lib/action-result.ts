/** What every server action returns: data, or a message a person can read. Never a stack trace. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

/** A form action's result: like ActionResult, with a message per invalid field. */
export type FormResult<T, Field extends string> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Partial<Record<Field, string>> };

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
