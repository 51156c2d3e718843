"use client";

// A button for what cannot be undone: the first press asks, in words, next to the button; a second
// button confirms, another keeps things as they are. Focus moves to the question and back.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

export interface ConfirmButtonProps {
  /** the button's name, e.g. "Leave habitat" */
  label: string;
  /** what is asked, e.g. "Leave Movie Night? You leave its parties too." */
  question: ReactNode;
  /** the confirming button's name, e.g. "Yes, leave" */
  confirmLabel: string;
  /** the button that backs out, e.g. "Stay" */
  keepLabel?: string;
  variant?: ButtonVariant;
  pending?: boolean;
  onConfirm: () => void;
}

export function ConfirmButton({
  label,
  question,
  confirmLabel,
  keepLabel = "Keep it",
  variant = "danger",
  pending = false,
  onConfirm,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) questionRef.current?.focus();
    else if (wasAsking.current) buttonRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <Button ref={buttonRef} variant={variant} size="sm" pending={pending} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={label} className="space-y-2 rounded-md border border-border p-3">
      <p ref={questionRef} tabIndex={-1} className="text-sm outline-none">
        {question}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button
          variant={variant}
          size="sm"
          pending={pending}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </Button>
        <Button variant="secondary" size="sm" onClick={() => setAsking(false)}>
          {keepLabel}
        </Button>
      </div>
    </div>
  );
}
