import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PartyCard } from "@/components/party-card";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { HabitatRepository } from "@/lib/habitats/habitat-repository";
import { canInvite } from "@/lib/habitats/roles";
import { getRepository, getServerClient, requireViewer } from "@/lib/session";
import { CreatePartyForm } from "./create-party-form";
import { loadHabitat } from "./data";
import { HabitatLive } from "./habitat-live";
import { HabitatSettings } from "./habitat-settings";
import { InvitePanel } from "./invite-panel";
import { LeaveHabitat } from "./leave-habitat";
import { MembersSection } from "./members-section";
import { OpenInvitations } from "./open-invitations";

type Params = { params: Promise<{ habitatId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const habitat = await loadHabitat((await params).habitatId);
  return { title: habitat?.name ?? "Page not found" };
}

export default async function HabitatPage({ params }: Params) {
  const { habitatId } = await params;
  const [viewer, habitat] = await Promise.all([requireViewer(`/habitats/${habitatId}`), loadHabitat(habitatId)]);
  if (!habitat) notFound();
  const repository = await getRepository();
  const staff = canInvite(habitat.role);
  const [parties, members, invitations] = await Promise.all([
    repository.listHabitatParties(habitatId),
    repository.listHabitatMembers(habitatId),
    staff ? new HabitatRepository(await getServerClient()).listOpenInvitations(habitatId) : Promise.resolve([]),
  ]);
  const upcoming = parties.filter((party) => party.status === "scheduled" || party.status === "live");
  const past = parties.filter((party) => party.status === "ended" || party.status === "cancelled");

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-3xl font-bold tracking-tight break-words">{habitat.name}</h1>
          <Badge>You are {habitat.role === "owner" ? "an owner" : `a ${habitat.role}`}</Badge>
          <HabitatLive habitatId={habitat.id} />
        </div>
        {habitat.description ? <p className="text-muted">{habitat.description}</p> : null}
      </div>

      <section aria-labelledby="parties-heading" className="space-y-3">
        <h2 id="parties-heading" className="text-xl font-semibold">
          Watch parties
        </h2>
        {upcoming.length === 0 ? (
          <p className="text-muted">Nothing scheduled yet. Schedule the first party below.</p>
        ) : (
          <ul aria-label="Watch parties" className="grid gap-4 sm:grid-cols-2">
            {upcoming.map((party) => (
              <li key={party.id}>
                <PartyCard party={party} />
              </li>
            ))}
          </ul>
        )}
        {past.length > 0 ? (
          <details className="text-sm">
            <summary className="cursor-pointer text-muted">Past and cancelled parties ({past.length})</summary>
            <ul className="mt-2 space-y-1">
              {past.map((party) => (
                <li key={party.id}>
                  <Link href={`/parties/${party.id}`} className="underline underline-offset-4">
                    {party.title}
                  </Link>{" "}
                  <span className="text-muted">({party.status})</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <Card aria-labelledby="create-party-heading" className="space-y-4">
        <h2 id="create-party-heading" className="text-xl font-semibold">
          Schedule a party
        </h2>
        <CreatePartyForm habitatId={habitat.id} />
      </Card>

      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-xl font-semibold">
          Members ({members.length})
        </h2>
        {staff ? <InvitePanel habitatId={habitat.id} /> : null}
        <MembersSection habitatId={habitat.id} members={members} viewerId={viewer.id} viewerRole={habitat.role} />
      </section>

      {staff ? (
        <section aria-labelledby="invitations-heading" className="space-y-3">
          <h2 id="invitations-heading" className="text-xl font-semibold">
            Pending invitations
          </h2>
          <OpenInvitations habitatId={habitat.id} invitations={invitations} />
        </section>
      ) : null}

      {habitat.role === "owner" ? (
        <Card aria-labelledby="settings-heading" className="space-y-4">
          <h2 id="settings-heading" className="text-xl font-semibold">
            Settings
          </h2>
          <HabitatSettings habitatId={habitat.id} name={habitat.name} description={habitat.description} partyCount={parties.length} />
        </Card>
      ) : null}

      <section aria-label="Leave" className="border-t border-border pt-6">
        <LeaveHabitat habitatId={habitat.id} name={habitat.name} />
      </section>
    </div>
  );
}
