import "server-only";
import { cache } from "react";
import { getRepository, getViewer } from "@/lib/session";
import { idSchema } from "@/lib/streaming/schemas";
import type { Habitat } from "@/lib/streaming/types";

/** The habitat with the viewer's role, once per request; null for a bad id or a non-member. */
export const loadHabitat = cache(async (habitatId: string): Promise<Habitat | null> => {
  const viewer = await getViewer();
  if (!viewer || !idSchema.safeParse(habitatId).success) return null;
  return (await getRepository()).getHabitat(habitatId, viewer.id);
});
