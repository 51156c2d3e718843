// Runs a server action's habitat work as the signed-in user: the server Supabase client (so RLS and
// the RPCs' checks apply), a HabitatService bound to that user, and readable failures.
import "server-only";
import type { ActionResult } from "@/lib/action-result";
import type { SessionCheck } from "@/lib/auth";
import { withSignedInClient } from "@/lib/streaming/action-context";
import { HabitatRepository } from "./habitat-repository";
import { HabitatService } from "./habitat-service";

export function withHabitatService<T>(
  run: (service: HabitatService) => Promise<ActionResult<T>>,
  check: SessionCheck = "token",
): Promise<ActionResult<T>> {
  return withSignedInClient((supabase, userId) => run(new HabitatService(new HabitatRepository(supabase), userId)), check);
}
