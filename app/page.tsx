import { cache, Suspense } from "react";
import { HabitatList } from "@/components/habitat-list";
import { MyInvitations } from "@/components/my-invitations";
import { StackNotConfigured } from "@/components/stack-not-configured";
import { UpcomingParties } from "@/components/upcoming-parties";
import { hasSupabaseEnv } from "@/lib/env";
import { HabitatRepository } from "@/lib/habitats/habitat-repository";
import { getRepository, getServerClient, requireViewer } from "@/lib/session";
import type { Viewer } from "@/lib/streaming/types";

export default async function DashboardPage() {
  if (!hasSupabaseEnv()) {
    return (
      <div className="space-y-6">
        <h1 className="text-3xl font-bold tracking-tight">Habitats Watch Parties</h1>
        <StackNotConfigured />
      </div>
    );
  }
  const viewer = await requireViewer("/");
  return (
    <div className="space-y-10">
      <div className="space-y-1">
        <h1 className="text-3xl font-bold tracking-tight">Dashboard</h1>
        <p className="text-muted">Hi {viewer.displayName}! Your habitats and what they are watching next.</p>
      </div>
      <Suspense fallback={null}>
        <Invitations />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Your habitats" />}>
        <Habitats viewer={viewer} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Upcoming watch parties" />}>
        <Upcoming viewer={viewer} />
      </Suspense>
    </div>
  );
}

/** The viewer's habitats, once per request: listed, and each one's live channel for the parties. */
const loadHabitats = cache(async (userId: string) => (await getRepository()).listHabitats(userId));

async function Habitats({ viewer }: { viewer: Viewer }) {
  const habitats = await loadHabitats(viewer.id);
  return (
    <section aria-labelledby="habitats-heading" className="space-y-3">
      <h2 id="habitats-heading" className="text-xl font-semibold">
        Your habitats
      </h2>
      <HabitatList habitats={habitats} />
    </section>
  );
}

/** Invitations addressed to the viewer, when there are any. */
async function Invitations() {
  const invitations = await new HabitatRepository(await getServerClient()).listMyInvitations();
  if (invitations.length === 0) return null;
  return (
    <section aria-labelledby="invitations-heading" className="space-y-3">
      <h2 id="invitations-heading" className="text-xl font-semibold">
        Invitations
      </h2>
      <MyInvitations invitations={invitations} />
    </section>
  );
}

async function Upcoming({ viewer }: { viewer: Viewer }) {
  const [parties, habitats] = await Promise.all([(await getRepository()).listUpcomingParties(), loadHabitats(viewer.id)]);
  return <UpcomingParties userId={viewer.id} habitats={habitats.map(({ id, name }) => ({ id, name }))} initialParties={parties} />;
}

function SectionSkeleton({ title }: { title: string }) {
  return (
    <section aria-busy="true" className="space-y-3">
      <h2 className="text-xl font-semibold">{title}</h2>
      <p role="status" className="sr-only">
        Loading {title.toLowerCase()}…
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="h-32 animate-pulse rounded-lg bg-surface-raised" />
        <div className="h-32 animate-pulse rounded-lg bg-surface-raised" />
      </div>
    </section>
  );
}
