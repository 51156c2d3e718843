import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PartyCard } from "@/components/party-card";
import { Card } from "@/components/ui/card";
import { getRepository } from "@/lib/session";
import { CreatePartyForm } from "./create-party-form";
import { loadHabitat } from "./data";

type Params = { params: Promise<{ habitatId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const habitat = await loadHabitat((await params).habitatId);
  return { title: habitat?.name ?? "Page not found" };
}

export default async function HabitatPage({ params }: Params) {
  const { habitatId } = await params;
  const habitat = await loadHabitat(habitatId);
  if (!habitat) notFound();
  const parties = await (await getRepository()).listHabitatParties(habitatId);
  const upcoming = parties.filter((party) => party.status === "scheduled" || party.status === "live");
  const past = parties.filter((party) => party.status === "ended" || party.status === "cancelled");

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight break-words">{habitat.name}</h1>
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
    </div>
  );
}
