"use client";

// The owner's settings: rename and describe the habitat, or delete it with its parties.
import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/confirm-button";
import { HabitatForm } from "@/components/habitat-form";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMembershipChange } from "@/lib/habitats/use-membership-change";
import { useServerAction } from "@/lib/use-server-action";
import { deleteHabitat, updateHabitat } from "./actions";

export interface HabitatSettingsProps {
  habitatId: string;
  name: string;
  description: string | null;
  partyCount: number;
}

export function HabitatSettings({ habitatId, name, description, partyCount }: HabitatSettingsProps) {
  const router = useRouter();
  const moveOn = useMembershipChange();
  const removal = useServerAction();
  return (
    <div className="space-y-6">
      <HabitatForm
        initial={{ name, description: description ?? "" }}
        submitLabel="Save settings"
        pendingLabel="Saving…"
        submit={(values) => updateHabitat({ habitatId, ...values })}
        onSaved={() => router.refresh()}
      />
      <div className="space-y-2 border-t border-border pt-4">
        <ConfirmButton
          label="Delete habitat"
          question={`Delete ${name}, its ${partyCount === 1 ? "party" : `${partyCount} parties`} and its invitations? This cannot be undone.`}
          confirmLabel="Yes, delete habitat"
          pending={removal.pending}
          onConfirm={() =>
            removal.run(
              () => deleteHabitat(habitatId),
              () => moveOn("/"),
            )
          }
        />
        <ErrorAlert message={removal.error} />
      </div>
    </div>
  );
}
