"use client";

// The fields of a watch party (title, description, media, start and end), as "Schedule a party"
// and "Edit party" show them: the browser's local times go out as ISO instants, and each refused
// field says why next to itself.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, useFormFields, useFormSubmit } from "@/components/ui/form-field";
import type { FormResult } from "@/lib/action-result";
import { isoToLocalInput, localInputToIso } from "@/lib/datetime-local";
import { formText } from "@/lib/form-data";
import type { NewPartyField } from "@/lib/streaming/schemas";

export interface PartyFormValues {
  title: string;
  description: string;
  mediaUrl: string;
  /** ISO instants ("" for none) */
  startsAt: string;
  endsAt: string;
}

export interface PartyFormProps<T> {
  /** the party as it is (editing), or nothing (scheduling) */
  initial?: Partial<PartyFormValues>;
  submitLabel: string;
  pendingLabel: string;
  submit: (values: PartyFormValues) => Promise<FormResult<T, NewPartyField>>;
  onSaved: (data: T) => void;
  /** more buttons beside the submit button ("Discard") */
  children?: ReactNode;
}

/** The form's values: the local times it shows, as ISO instants. */
function readPartyForm(form: FormData): PartyFormValues {
  return {
    title: formText(form, "title"),
    description: formText(form, "description"),
    mediaUrl: formText(form, "mediaUrl"),
    startsAt: localInputToIso(formText(form, "startsAt")),
    endsAt: localInputToIso(formText(form, "endsAt")),
  };
}

export function PartyForm<T>({ initial = {}, submitLabel, pendingLabel, submit, onSaved, children }: PartyFormProps<T>) {
  const { pending, error, fieldErrors, onSubmit } = useFormSubmit(readPartyForm, submit, onSaved);
  const { inputId, field, error: fieldError } = useFormFields(fieldErrors);

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <label htmlFor={inputId("title")} className="text-sm font-medium">
          Title
        </label>
        <input type="text" maxLength={200} required defaultValue={initial.title} {...field("title")} />
        {fieldError("title")}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={inputId("description")} className="text-sm font-medium">
          Description <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea rows={3} maxLength={5000} defaultValue={initial.description} {...field("description")} />
        {fieldError("description")}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={inputId("mediaUrl")} className="text-sm font-medium">
          Media URL <span className="font-normal text-muted">(optional: YouTube, Vimeo, Twitch or a video file)</span>
        </label>
        <input
          type="url"
          inputMode="url"
          placeholder="https://www.youtube.com/watch?v=…"
          defaultValue={initial.mediaUrl}
          {...field("mediaUrl")}
        />
        {fieldError("mediaUrl")}
      </div>
      <div>
        <label htmlFor={inputId("startsAt")} className="text-sm font-medium">
          Starts
        </label>
        <input type="datetime-local" required defaultValue={isoToLocalInput(initial.startsAt ?? null)} {...field("startsAt")} />
        {fieldError("startsAt")}
      </div>
      <div>
        <label htmlFor={inputId("endsAt")} className="text-sm font-medium">
          Ends <span className="font-normal text-muted">(optional)</span>
        </label>
        <input type="datetime-local" defaultValue={isoToLocalInput(initial.endsAt ?? null)} {...field("endsAt")} />
        {fieldError("endsAt")}
      </div>
      <div className="flex flex-wrap items-center gap-4 sm:col-span-2">
        <Button type="submit" pending={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
        {children}
        <FormMessage message={error} />
      </div>
    </form>
  );
}
