import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getRepository, requireViewer } from "@/lib/session";
import { loadParty } from "./data";
import { PartyRoom } from "./party-room";

type Params = { params: Promise<{ partyId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const party = await loadParty((await params).partyId);
  return { title: party?.title ?? "Page not found" };
}

export default async function PartyPage({ params }: Params) {
  const { partyId } = await params;
  const viewer = await requireViewer(`/parties/${partyId}`);
  const party = await loadParty(partyId);
  if (!party) notFound();

  const repository = await getRepository();
  const [participants, habitat] = await Promise.all([
    repository.listParticipants(partyId),
    repository.getHabitat(party.habitatId, viewer.id),
  ]);
  const host = (await headers()).get("host") ?? "localhost";

  return (
    <PartyRoom
      partyId={partyId}
      initialParty={party}
      initialParticipants={participants}
      viewer={viewer}
      habitatName={habitat?.name ?? "Habitat"}
      parentHost={host.replace(/:\d+$/, "")}
    />
  );
}
