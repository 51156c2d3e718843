"use client";

// What the party's creator (while a member), its host and the habitat's owners and moderators do to
// the party: edit or reschedule it, cancel it, delete it while nobody joined. Everyone with the room
// or the dashboard open sees the change live (the database broadcasts the party's row).
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/confirm-button";
import { PartyForm } from "@/components/party-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorAlert } from "@/components/ui/error-alert";
import { queryKeys } from "@/lib/streaming/queries";
import type { WatchParty } from "@/lib/streaming/types";
import { useServerAction } from "@/lib/use-server-action";
import { cancelParty, deleteParty, updateParty } from "./edit-actions";

export function PartyManagement({ party }: { party: WatchParty }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const { pending, error, run } = useServerAction();
  const reread = () => void queryClient.invalidateQueries({ queryKey: queryKeys.party(party.id) });

  return (
    <Card aria-labelledby="manage-party-heading" className="space-y-4">
      <h2 id="manage-party-heading" className="text-lg font-semibold">
        Manage party
      </h2>
      {editing ? (
        <PartyForm
          initial={{
            title: party.title,
            description: party.description ?? "",
            mediaUrl: party.mediaUrl ?? "",
            startsAt: party.scheduledStart,
            endsAt: party.scheduledEnd ?? "",
          }}
          submitLabel="Save changes"
          pendingLabel="Saving…"
          submit={(values) => updateParty({ partyId: party.id, ...values })}
          onSaved={() => {
            setEditing(false);
            reread();
          }}
        >
          <Button variant="secondary" onClick={() => setEditing(false)}>
            Discard
          </Button>
        </PartyForm>
      ) : (
        <div className="flex flex-wrap items-start gap-3">
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            Edit party
          </Button>
          <ConfirmButton
            label="Cancel party"
            question="Cancel this party for everyone? It stays listed as cancelled, and nobody can join it."
            confirmLabel="Yes, cancel party"
            pending={pending}
            onConfirm={() => run(() => cancelParty(party.id), reread)}
          />
          {party.participantCount === 0 ? (
            <ConfirmButton
              label="Delete party"
              question="Delete this party? Nobody joined it yet; it disappears for everyone."
              confirmLabel="Yes, delete party"
              pending={pending}
              onConfirm={() =>
                run(
                  () => deleteParty(party.id),
                  () => router.push(`/habitats/${party.habitatId}`),
                )
              }
            />
          ) : null}
        </div>
      )}
      <ErrorAlert message={error} />
    </Card>
  );
}
