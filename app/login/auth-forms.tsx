"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { signIn, signUp, type AuthFormState } from "./actions";

const INITIAL: AuthFormState = { error: null, email: "", displayName: "" };

const inputClass = "mt-1 block h-10 w-full rounded-md border border-border bg-background px-3 text-foreground placeholder:text-muted";

function Field({
  label,
  name,
  type,
  autoComplete,
  defaultValue,
  required = true,
  hint,
}: {
  label: string;
  name: string;
  type: string;
  autoComplete: string;
  defaultValue?: string;
  required?: boolean;
  hint?: string;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={inputClass}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function FormError({ message }: { message: string | null }) {
  return (
    <p aria-live="polite" className="min-h-5 text-sm font-medium text-danger">
      {message}
    </p>
  );
}

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signIn, INITIAL);
  return (
    <form action={action} aria-labelledby="sign-in-heading" className="space-y-4" noValidate>
      <h2 id="sign-in-heading" className="text-xl font-semibold">
        Sign in
      </h2>
      <input type="hidden" name="next" value={next} />
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={state.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
      <FormError message={state.error} />
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

export function SignUpForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signUp, INITIAL);
  return (
    <form action={action} aria-labelledby="sign-up-heading" className="space-y-4" noValidate>
      <h2 id="sign-up-heading" className="text-xl font-semibold">
        Create an account
      </h2>
      <input type="hidden" name="next" value={next} />
      <Field label="Display name" name="displayName" type="text" autoComplete="nickname" defaultValue={state.displayName} />
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={state.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" hint="At least 6 characters." />
      <FormError message={state.error} />
      <Button type="submit" variant="secondary" pending={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
