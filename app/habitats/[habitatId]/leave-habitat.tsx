"use client";

import { ConfirmButton } from "@/components/confirm-button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMembershipChange } from "@/lib/habitats/use-membership-change";
import { useServerAction } from "@/lib/use-server-action";
import { leaveHabitat } from "./actions";

/** "Leave habitat": the member goes, and leaves its parties too (the only owner is told to hand over first). */
export function LeaveHabitat({ habitatId, name }: { habitatId: string; name: string }) {
  const moveOn = useMembershipChange();
  const { pending, error, run } = useServerAction();
  return (
    <div className="space-y-2">
      <ConfirmButton
        label="Leave habitat"
        question={`Leave ${name}? You leave its parties too, and need a new invitation to come back.`}
        confirmLabel="Yes, leave"
        keepLabel="Stay"
        pending={pending}
        onConfirm={() =>
          run(
            () => leaveHabitat(habitatId),
            () => moveOn("/"),
          )
        }
      />
      <ErrorAlert message={error} />
    </div>
  );
}
