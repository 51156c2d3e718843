import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { Habitat } from "@/lib/streaming/types";

export function HabitatList({ habitats }: { habitats: readonly Habitat[] }) {
  if (habitats.length === 0) {
    return <p className="text-muted">You are not in any habitat yet. Ask a habitat owner to add you.</p>;
  }
  return (
    <ul aria-label="Your habitats" className="grid gap-3 sm:grid-cols-2">
      {habitats.map((habitat) => (
        <li key={habitat.id} className="rounded-lg border border-border bg-surface p-4">
          <div className="flex items-center justify-between gap-2">
            <Link href={`/habitats/${habitat.id}`} className="font-semibold underline-offset-4 hover:underline">
              {habitat.name}
            </Link>
            <Badge>{habitat.role}</Badge>
          </div>
          {habitat.description ? <p className="mt-1 text-sm text-muted">{habitat.description}</p> : null}
        </li>
      ))}
    </ul>
  );
}
