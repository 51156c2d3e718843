import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getRepository, requireViewer } from "@/lib/session";
import { loadParticipants, loadParty } from "./data";
import { PartyRoom } from "./party-room";

type Params = { params: Promise<{ partyId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const party = await loadParty((await params).partyId);
  return { title: party?.title ?? "Page not found" };
}

export default async function PartyPage({ params }: Params) {
  const { partyId } = await params;
  // the party and its participants are fetched while the viewer is: none needs another's answer
  const partyRequest = loadParty(partyId);
  const participantsRequest = loadParticipants(partyId);
  // observed at once: when the viewer check sends a visitor to sign in, their failures are moot
  for (const request of [partyRequest, participantsRequest]) request.catch(() => undefined);
  const viewer = await requireViewer(`/parties/${partyId}`);
  const [party, participants] = await Promise.all([partyRequest, participantsRequest]);
  if (!party) notFound();
  const repository = await getRepository();
  const [habitat, members] = await Promise.all([
    repository.getHabitat(party.habitatId, viewer.id),
    repository.listHabitatMembers(party.habitatId),
  ]);
  const host = (await headers()).get("host") ?? "localhost";

  return (
    <PartyRoom
      partyId={partyId}
      initialParty={party}
      initialParticipants={participants}
      initialMembers={members}
      viewer={viewer}
      habitatName={habitat?.name ?? "Habitat"}
      parentHost={host.replace(/:\d+$/, "")}
    />
  );
}
