// A refused form, from zod's issues: a message per field the form shows, or (when the id or the
// whole input was wrong, so no field can be highlighted) what was wrong.
import type { z } from "zod";
import { fail } from "@/lib/action-result";
import { REQUEST_NOT_VALID } from "@/lib/streaming/schemas";

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** The first issue's message, for inputs that are not forms. */
export function invalidInput(error: z.ZodError): { ok: false; error: string } {
  return fail(error.issues[0]?.message ?? REQUEST_NOT_VALID);
}

/** A form's refusal: the first message for each of `fields` that has one. */
export function invalidForm<Field extends string>(
  error: z.ZodError,
  fields: readonly Field[],
): { ok: false; error: string; fieldErrors?: FieldErrors<Field> } {
  const fieldErrors: FieldErrors<Field> = {};
  for (const issue of error.issues) {
    const field = fields.find((name) => name === issue.path[0]);
    if (field) fieldErrors[field] ??= issue.message;
  }
  if (Object.keys(fieldErrors).length === 0) return invalidInput(error);
  return { ok: false, error: "Check the highlighted fields", fieldErrors };
}
