import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { roleLabel } from "@/lib/habitats/roles";
import type { Habitat } from "@/lib/streaming/types";

const LINK_CLASS = "font-medium text-accent underline underline-offset-4";

/** What a newcomer (or anyone) can do next: found a habitat, or open an invite link. */
export function HabitatStarters() {
  return (
    <p className="flex flex-wrap gap-x-6 gap-y-2">
      <Link href="/habitats/new" className={LINK_CLASS}>
        Create a habitat
      </Link>
      <Link href="/invite" className={LINK_CLASS}>
        Have an invite link?
      </Link>
    </p>
  );
}

export function HabitatList({ habitats }: { habitats: readonly Habitat[] }) {
  if (habitats.length === 0) {
    return (
      <div className="space-y-3 rounded-lg border border-dashed border-border p-4">
        <p className="text-muted">
          You are not in any habitat yet. Create one and invite your friends, or join one with the invite link someone sent you.
        </p>
        <HabitatStarters />
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <ul aria-label="Your habitats" className="grid gap-3 sm:grid-cols-2">
        {habitats.map((habitat) => (
          <li key={habitat.id} className="rounded-lg border border-border bg-surface p-4">
            <div className="flex items-center justify-between gap-2">
              <Link href={`/habitats/${habitat.id}`} className="font-semibold underline-offset-4 hover:underline">
                {habitat.name}
              </Link>
              <Badge>{roleLabel(habitat.role)}</Badge>
            </div>
            {habitat.description ? <p className="mt-1 text-sm text-muted">{habitat.description}</p> : null}
          </li>
        ))}
      </ul>
      <HabitatStarters />
    </div>
  );
}
