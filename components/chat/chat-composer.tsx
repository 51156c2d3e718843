"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { MESSAGE_MAX_LENGTH, messageBodySchema, messageLength } from "@/lib/chat/schemas";
import type { ActionResult } from "@/lib/action-result";

export interface ChatComposerProps {
  canPost: boolean;
  onSend: (body: string) => Promise<ActionResult<unknown>>;
}

/** The "Message" textbox and "Send": checked as the database checks, refusals said in words. */
export function ChatComposer({ canPost, onSend }: ChatComposerProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const length = messageLength(text.trim());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canPost || pending) return;
    const parsed = messageBodySchema.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "That message cannot be sent");
      return;
    }
    setPending(true);
    setError(null);
    const result = await onSend(parsed.data);
    setPending(false);
    if (result.ok) setText("");
    else setError(result.error);
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-1" noValidate>
      <div className="flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          Message
        </label>
        <input
          id={inputId}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
          disabled={!canPost}
          autoComplete="off"
          placeholder={canPost ? "Say something to the room" : "Join the party to chat"}
          aria-describedby={hintId}
          aria-invalid={error !== null}
          className="h-10 min-w-0 flex-1 rounded-md border border-border bg-surface px-3 disabled:opacity-60"
        />
        <Button type="submit" pending={pending} unavailable={!canPost}>
          Send
        </Button>
      </div>
      <div id={hintId} className="min-h-5 text-sm">
        {error ? (
          <p role="alert" className="text-danger">
            {error}
          </p>
        ) : !canPost ? (
          <p className="text-muted">Join the party to chat.</p>
        ) : length > MESSAGE_MAX_LENGTH - 100 ? (
          <p className={length > MESSAGE_MAX_LENGTH ? "text-danger" : "text-muted"}>
            {length} of {MESSAGE_MAX_LENGTH} characters
          </p>
        ) : null}
      </div>
    </form>
  );
}
