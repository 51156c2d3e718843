"use client";

// A client component: it wraps the click handler (pending and unavailable buttons ignore clicks),
// so Server Components such as the site header can use it too.
import type { ButtonHTMLAttributes, MouseEvent, Ref } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger";
export type ButtonSize = "sm" | "md";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-accent text-accent-foreground hover:opacity-90",
  secondary: "border border-border bg-surface text-foreground hover:bg-surface-raised",
  danger: "border border-danger/60 bg-surface text-danger hover:bg-danger-soft",
};

const SIZES: Record<ButtonSize, string> = {
  sm: "h-8 px-3 text-sm",
  md: "h-10 px-4",
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  ref?: Ref<HTMLButtonElement>;
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** An action is running: the button keeps focus and its label, ignores clicks and says it is busy. */
  pending?: boolean;
  /** Unavailable but still focusable (so its description can be read), unlike `disabled`. */
  unavailable?: boolean;
}

export function Button({
  variant = "primary",
  size = "md",
  pending = false,
  unavailable = false,
  className = "",
  type = "button",
  onClick,
  children,
  ...props
}: ButtonProps) {
  const inert = pending || unavailable;
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (inert) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      type={type}
      aria-disabled={inert || undefined}
      aria-busy={pending || undefined}
      onClick={handleClick}
      className={`inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md font-medium transition-colors ${VARIANTS[variant]} ${SIZES[size]} ${inert ? "cursor-not-allowed opacity-60" : ""} ${className}`}
      {...props}
    >
      {children}
    </button>
  );
}
