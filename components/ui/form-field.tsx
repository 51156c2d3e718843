"use client";

// Forms that call a server action: labelled inputs with their error messages (ids that tie a label,
// its input and its error together; aria-invalid on an input whose value was refused), and the
// submission itself (pending, the form's own message, a message per refused field).
import { useId, useState, useTransition, type FormEvent, type ReactNode } from "react";
import type { FormResult } from "@/lib/action-result";
import { GENERIC_FAILURE } from "@/lib/streaming/errors";

export const INPUT_CLASS =
  "mt-1 block w-full rounded-md border bg-background px-3 py-2 text-foreground placeholder:text-muted aria-[invalid=true]:border-danger";

export function useFormFields<Field extends string>(fieldErrors: Partial<Record<Field, string>>) {
  const id = useId();
  const inputId = (name: Field) => `${id}-${name}`;
  const errorId = (name: Field) => `${id}-${name}-error`;
  return {
    inputId,
    /** Props of the input (or textarea, select) for `name`. */
    field: (name: Field) => ({
      id: inputId(name),
      name,
      "aria-invalid": fieldErrors[name] ? true : undefined,
      "aria-describedby": fieldErrors[name] ? errorId(name) : undefined,
      className: `${INPUT_CLASS} ${fieldErrors[name] ? "border-danger" : "border-border"}`,
    }),
    /** The message under the input for `name`, when its value was refused. */
    error: (name: Field): ReactNode =>
      fieldErrors[name] ? (
        <p id={errorId(name)} className="mt-1 text-sm text-danger">
          {fieldErrors[name]}
        </p>
      ) : null,
  };
}

/** A form's own message (what went wrong as a whole), read out when it changes. */
export function FormMessage({ message }: { message: string | null }) {
  return (
    <p aria-live="polite" className="text-sm font-medium text-danger">
      {message}
    </p>
  );
}

/**
 * Submits a form through `submit` (values read from the form by `read`): pending while it runs, a
 * second submit meanwhile ignored, the refusal's messages kept, `onSaved` with the data on success.
 */
export function useFormSubmit<Values, T, Field extends string>(
  read: (form: FormData) => Values,
  submit: (values: Values) => Promise<FormResult<T, Field>>,
  onSaved: (data: T) => void,
) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const values = read(new FormData(event.currentTarget));
    startTransition(async () => {
      try {
        const result = await submit(values);
        setError(result.ok ? null : result.error);
        setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
        if (result.ok) onSaved(result.data);
      } catch {
        // the request itself failed (offline, the server restarting)
        setError(GENERIC_FAILURE);
      }
    });
  };

  return { pending, error, fieldErrors, onSubmit };
}
