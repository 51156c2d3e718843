import Link from "next/link";
import { Countdown } from "@/components/countdown";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { participantCountLabel } from "@/lib/streaming/party-state";
import type { WatchParty } from "@/lib/streaming/types";

/** A party in a list: title, when, countdown, live count and the viewer's own state. */
export function PartyCard({ party, habitatName }: { party: WatchParty; habitatName?: string }) {
  const headingId = `party-${party.id}`;
  return (
    <article aria-labelledby={headingId} className="flex h-full flex-col gap-2 rounded-lg border border-border bg-surface p-4">
      <h3 id={headingId} className="text-lg font-semibold leading-snug">
        <Link href={`/parties/${party.id}`} className="underline-offset-4 hover:underline">
          {party.title}
        </Link>
      </h3>
      <p className="text-sm text-muted">
        {habitatName ? <>{habitatName} · </> : null}
        <LocalTime iso={party.scheduledStart} />
      </p>
      <p className="text-sm">
        <Countdown start={party.scheduledStart} end={party.scheduledEnd} />
      </p>
      <div className="mt-auto flex flex-wrap items-center gap-2 pt-2">
        <span className="mr-auto text-sm font-medium tabular-nums">{participantCountLabel(party.participantCount)}</span>
        {party.isUserHost ? <Badge tone="host">You host</Badge> : null}
        {party.isUserParticipant ? <Badge tone="success">Going</Badge> : <Badge>Not going</Badge>}
        {party.isUserParticipant && party.userReminderEnabled ? <Badge tone="accent">Reminder on</Badge> : null}
      </div>
    </article>
  );
}
