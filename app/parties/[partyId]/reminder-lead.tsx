"use client";

// When the reminder comes (5, 15 or 60 minutes before), shown while "Remind me" is on. The choice
// changes at once and is saved by a server action; a failure restores it and says why.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { leadMinutesQuery, notificationKeys } from "@/lib/notifications/queries";
import { LEAD_MINUTES, toLeadMinutes, type LeadMinutes } from "@/lib/notifications/types";
import { setReminderLead } from "./reminder-actions";

const LABELS: Record<LeadMinutes, string> = { 5: "5 minutes before", 15: "15 minutes before", 60: "1 hour before" };

export function ReminderLead({ partyId, visible }: { partyId: string; visible: boolean }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const key = notificationKeys.leadMinutes(partyId);
  const { data: minutes } = useQuery({ ...leadMinutesQuery(partyId), enabled: visible });
  const save = useMutation({
    mutationFn: async (next: LeadMinutes) => {
      const result = await setReminderLead({ partyId, minutes: next });
      if (!result.ok) throw new Error(result.error);
    },
    onMutate: (next) => {
      setError(null);
      const previous = queryClient.getQueryData<LeadMinutes>(key);
      queryClient.setQueryData<LeadMinutes>(key, next);
      return previous;
    },
    onError: (failure, _next, previous) => {
      queryClient.setQueryData(key, previous);
      setError(failure.message);
    },
  });
  if (!visible) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 pl-14 text-sm">
      <label htmlFor={id}>Reminder time</label>
      <select
        id={id}
        value={minutes ?? ""}
        disabled={minutes === undefined}
        onChange={(event) => save.mutate(toLeadMinutes(Number(event.target.value)))}
        className="rounded-md border border-border bg-surface px-2 py-1"
      >
        {minutes === undefined ? <option value="">Loading…</option> : null}
        {LEAD_MINUTES.map((value) => (
          <option key={value} value={value}>
            {LABELS[value]}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="text-danger">
          {error}
        </span>
      ) : null}
    </div>
  );
}
