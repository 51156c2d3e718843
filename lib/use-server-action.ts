"use client";

// Runs a server action from a button: pending while it runs, its refusal kept as text to show,
// `onDone` with its data when it succeeds. A click while one runs is ignored.
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { GENERIC_FAILURE } from "@/lib/streaming/errors";

export function useServerAction() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(<T>(action: () => Promise<ActionResult<T>>, onDone?: (data: T) => void) => {
    startTransition(async () => {
      setError(null);
      try {
        const result = await action();
        if (result.ok) onDone?.(result.data);
        else setError(result.error);
      } catch {
        // the request itself failed (offline, the server restarting)
        setError(GENERIC_FAILURE);
      }
    });
  }, []);

  return { pending, error, run, clearError: useCallback(() => setError(null), []) };
}
