"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import type { ChatMessage } from "@/lib/chat/types";

const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export interface ChatMessageItemProps {
  message: ChatMessage;
  own: boolean;
  /** the host, an owner or a moderator: may delete anyone's message */
  canModerate: boolean;
  onEdit: (message: ChatMessage, body: string) => Promise<ActionResult<unknown>>;
  onDelete: (message: ChatMessage) => Promise<ActionResult<unknown>>;
}

/** One message: author, time, text; its author edits or deletes it, the host and moderators delete it. */
export function ChatMessageItem({ message, own, canModerate, onEdit, onDelete }: ChatMessageItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();

  const run = async (action: () => Promise<ActionResult<unknown>>, after?: () => void) => {
    setPending(true);
    setError(null);
    const result = await action();
    setPending(false);
    if (result.ok) after?.();
    else setError(result.error);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => onEdit(message, draft),
      () => setEditing(false),
    );
  };

  return (
    <li className="group space-y-0.5 rounded-md px-2 py-1 hover:bg-surface-raised">
      <p className="flex items-baseline gap-2 text-sm">
        <span className="font-semibold break-all">{message.authorName}</span>
        <time dateTime={message.createdAt} className="text-xs text-muted tabular-nums">
          {TIME.format(new Date(message.createdAt))}
        </time>
        {message.editedAt ? <span className="text-xs text-muted">(edited)</span> : null}
      </p>
      {editing ? (
        <form onSubmit={save} className="flex gap-2">
          <label htmlFor={inputId} className="sr-only">
            Edit message
          </label>
          <input
            id={inputId}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            className="h-8 min-w-0 flex-1 rounded-md border border-border bg-surface px-2 text-sm"
          />
          <Button type="submit" size="sm" pending={pending}>
            Save
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <p className="text-sm break-words whitespace-pre-wrap">{message.body}</p>
      )}
      {!editing && (own || canModerate) ? (
        <p className="flex gap-3 text-xs">
          {own ? (
            <button
              type="button"
              className="text-muted underline underline-offset-2"
              onClick={() => (setDraft(message.body), setEditing(true))}
            >
              Edit
            </button>
          ) : null}
          <button
            type="button"
            className="text-muted underline underline-offset-2"
            aria-label={own ? "Delete your message" : `Delete message from ${message.authorName}`}
            aria-busy={pending || undefined}
            onClick={() => void run(() => onDelete(message))}
          >
            Delete
          </button>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </li>
  );
}
