"use client";

// A habitat's name and description, as "Create a habitat" and the habitat's settings ask for them.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, useFormFields, useFormSubmit } from "@/components/ui/form-field";
import type { FormResult } from "@/lib/action-result";
import { formText } from "@/lib/form-data";
import type { HabitatField } from "@/lib/habitats/schemas";

export interface HabitatFormValues {
  name: string;
  description: string;
}

export interface HabitatFormProps<T> {
  initial?: Partial<HabitatFormValues>;
  submitLabel: string;
  pendingLabel: string;
  submit: (values: HabitatFormValues) => Promise<FormResult<T, HabitatField>>;
  onSaved: (data: T) => void;
}

function readHabitatForm(form: FormData): HabitatFormValues {
  return { name: formText(form, "name"), description: formText(form, "description") };
}

export function HabitatForm<T>({ initial = {}, submitLabel, pendingLabel, submit, onSaved }: HabitatFormProps<T>) {
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const { pending, error, fieldErrors, onSubmit } = useFormSubmit(readHabitatForm, submit, (data: T) => {
    setSavedAt(Date.now());
    onSaved(data);
  });
  const { inputId, field, error: fieldError } = useFormFields(fieldErrors);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div>
        <label htmlFor={inputId("name")} className="text-sm font-medium">
          Name
        </label>
        <input type="text" maxLength={100} required defaultValue={initial.name} {...field("name")} />
        {fieldError("name")}
      </div>
      <div>
        <label htmlFor={inputId("description")} className="text-sm font-medium">
          Description <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea rows={3} maxLength={2000} defaultValue={initial.description} {...field("description")} />
        {fieldError("description")}
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" pending={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
        {savedAt !== null && !pending && !error ? (
          <p role="status" className="text-sm text-success">
            Saved
          </p>
        ) : null}
        <FormMessage message={error} />
      </div>
    </form>
  );
}
