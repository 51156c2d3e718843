import { useId } from "react";

export interface SwitchProps {
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  description?: string;
  /** Unavailable: stays focusable so its description is read, but does not toggle. */
  unavailable?: boolean;
  pending?: boolean;
}

/** An on/off switch (role="switch") named by its visible label; clicking the label toggles it too. */
export function Switch({ label, checked, onCheckedChange, description, unavailable = false, pending = false }: SwitchProps) {
  const id = useId();
  const descriptionId = `${id}-description`;
  const inert = unavailable || pending;
  return (
    <div className="flex items-start gap-3">
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-disabled={inert || undefined}
        aria-busy={pending || undefined}
        aria-describedby={description ? descriptionId : undefined}
        onClick={() => {
          if (!inert) onCheckedChange(!checked);
        }}
        className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full border transition-colors ${
          checked ? "border-accent bg-accent" : "border-border bg-surface-raised"
        } ${inert ? "cursor-not-allowed opacity-60" : "cursor-pointer"}`}
      >
        <span
          aria-hidden="true"
          className={`inline-block size-4 rounded-full shadow transition-transform ${
            checked ? "translate-x-6 bg-accent-foreground" : "translate-x-1 bg-muted"
          }`}
        />
      </button>
      <div className="min-w-0">
        <label htmlFor={id} className={`font-medium ${inert ? "cursor-not-allowed" : "cursor-pointer"}`}>
          {label}
        </label>
        {description ? (
          <p id={descriptionId} className="text-sm text-muted">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
