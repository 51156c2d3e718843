"use client";

import { useRouter } from "next/navigation";
import { HabitatForm } from "@/components/habitat-form";
import { createHabitat } from "./actions";

/** "Create habitat": the new habitat's page follows, where its owner invites the others. */
export function CreateHabitatForm() {
  const router = useRouter();
  return (
    <HabitatForm
      submitLabel="Create habitat"
      pendingLabel="Creating…"
      submit={(values) => createHabitat(values)}
      onSaved={(data) => router.push(`/habitats/${data.habitatId}`)}
    />
  );
}
