"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, INPUT_CLASS } from "@/components/ui/form-field";
import { formText } from "@/lib/form-data";
import { tokenFromInviteLink } from "@/lib/habitats/invite-link";

/** A pasted invite link (or its token) → its invitation page; nothing else is followed. */
export function OpenInviteLinkForm() {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = tokenFromInviteLink(formText(new FormData(event.currentTarget), "link"));
    if (!token) {
      setError("That is not an invite link. It looks like https://…/invite/ followed by 32 letters and digits.");
      return;
    }
    setError(null);
    router.push(`/invite/${token}`);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div>
        <label htmlFor={`${id}-link`} className="text-sm font-medium">
          Invite link
        </label>
        <input
          id={`${id}-link`}
          name="link"
          type="text"
          inputMode="url"
          autoComplete="off"
          required
          aria-invalid={error ? true : undefined}
          className={`${INPUT_CLASS} ${error ? "border-danger" : "border-border"}`}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit">Open invitation</Button>
        <FormMessage message={error} />
      </div>
    </form>
  );
}
