// Per-request helpers for Server Components: one Supabase client and one user lookup per request
// (React's cache() lasts one render), shared by the layout, the header and the page.
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSignedInUser, type SignedInUser } from "@/lib/auth";
import { StreamingRepository } from "@/lib/streaming/streaming-repository";
import type { Viewer } from "@/lib/streaming/types";
import { createClient } from "@/lib/supabase/server";

export const getServerClient = cache(createClient);

export const getRepository = cache(async () => new StreamingRepository(await getServerClient()));

export const getCurrentUser = cache(async (): Promise<SignedInUser | null> => getSignedInUser(await getServerClient()));

/** The signed-in user with display name and avatar, or null. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const profile = await (await getRepository()).getProfile(user.id);
  return profile ?? { id: user.id, displayName: user.email?.split("@")[0] ?? "Member", avatarUrl: null };
});

/** The viewer, or a redirect to /login that comes back to `returnTo`. */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return viewer;
}
