"use client";

import { useRouter } from "next/navigation";
import { PartyForm } from "@/components/party-form";
import { createParty } from "./actions";

/** "Schedule a party": a new party of the habitat, then its room. */
export function CreatePartyForm({ habitatId }: { habitatId: string }) {
  const router = useRouter();
  return (
    <PartyForm
      submitLabel="Schedule party"
      pendingLabel="Scheduling…"
      submit={(values) => createParty({ habitatId, ...values })}
      onSaved={(data) => router.push(`/parties/${data.partyId}`)}
    />
  );
}
