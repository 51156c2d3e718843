"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { formText } from "@/lib/form-data";
import type { NewPartyField } from "@/lib/streaming/schemas";
import { createParty } from "./actions";

const inputClass =
  "mt-1 block w-full rounded-md border bg-background px-3 py-2 text-foreground placeholder:text-muted aria-[invalid=true]:border-danger";

/** A datetime-local value ("2026-11-24T20:00") in the browser's time zone → ISO with offset. */
function toIso(value: FormDataEntryValue | null): string {
  if (typeof value !== "string" || value === "") return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

export function CreatePartyForm({ habitatId }: { habitatId: string }) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<NewPartyField, string>>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await createParty({
        habitatId,
        title: formText(form, "title"),
        description: formText(form, "description"),
        mediaUrl: formText(form, "mediaUrl"),
        startsAt: toIso(form.get("startsAt")),
        endsAt: toIso(form.get("endsAt")),
      });
      if (result.ok) {
        router.push(`/parties/${result.data.partyId}`);
        return;
      }
      setError(result.error);
      setFieldErrors(result.fieldErrors ?? {});
    });
  };

  const field = (name: NewPartyField) => ({
    id: `${id}-${name}`,
    name,
    "aria-invalid": fieldErrors[name] ? true : undefined,
    "aria-describedby": fieldErrors[name] ? `${id}-${name}-error` : undefined,
    className: `${inputClass} ${fieldErrors[name] ? "border-danger" : "border-border"}`,
  });

  const fieldError = (name: NewPartyField) =>
    fieldErrors[name] ? (
      <p id={`${id}-${name}-error`} className="mt-1 text-sm text-danger">
        {fieldErrors[name]}
      </p>
    ) : null;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <label htmlFor={`${id}-title`} className="text-sm font-medium">
          Title
        </label>
        <input type="text" maxLength={200} required {...field("title")} />
        {fieldError("title")}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={`${id}-description`} className="text-sm font-medium">
          Description <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea rows={3} maxLength={5000} {...field("description")} />
        {fieldError("description")}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={`${id}-mediaUrl`} className="text-sm font-medium">
          Media URL <span className="font-normal text-muted">(optional: YouTube, Vimeo, Twitch or a video file)</span>
        </label>
        <input type="url" inputMode="url" placeholder="https://www.youtube.com/watch?v=…" {...field("mediaUrl")} />
        {fieldError("mediaUrl")}
      </div>
      <div>
        <label htmlFor={`${id}-startsAt`} className="text-sm font-medium">
          Starts
        </label>
        <input type="datetime-local" required {...field("startsAt")} />
        {fieldError("startsAt")}
      </div>
      <div>
        <label htmlFor={`${id}-endsAt`} className="text-sm font-medium">
          Ends <span className="font-normal text-muted">(optional)</span>
        </label>
        <input type="datetime-local" {...field("endsAt")} />
        {fieldError("endsAt")}
      </div>
      <div className="flex flex-wrap items-center gap-4 sm:col-span-2">
        <Button type="submit" pending={pending}>
          {pending ? "Scheduling…" : "Schedule party"}
        </Button>
        <p aria-live="polite" className="text-sm font-medium text-danger">
          {error}
        </p>
      </div>
    </form>
  );
}
