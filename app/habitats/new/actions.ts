"use server";

import type { FormResult } from "@/lib/action-result";
import { invalidForm } from "@/lib/form-errors";
import { withHabitatService } from "@/lib/habitats/action-context";
import { HABITAT_FORM_FIELDS, newHabitatSchema, type HabitatField, type NewHabitatInput } from "@/lib/habitats/schemas";

/** "Create a habitat": the signed-in user founds it and owns it; returns its id or what to fix. */
export async function createHabitat(input: NewHabitatInput): Promise<FormResult<{ habitatId: string }, HabitatField>> {
  const parsed = newHabitatSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, HABITAT_FORM_FIELDS);
  return withHabitatService((service) => service.createHabitat(parsed.data));
}
