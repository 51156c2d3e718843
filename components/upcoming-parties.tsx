"use client";

import { useQuery } from "@tanstack/react-query";
import { ConnectionBadge } from "@/components/connection-badge";
import { PartyCard } from "@/components/party-card";
import { upcomingPartiesQuery } from "@/lib/streaming/queries";
import { isUpcoming, type DashboardHabitat } from "@/lib/streaming/dashboard-channel";
import type { UpcomingParty } from "@/lib/streaming/types";
import { useDashboardRealtime } from "@/lib/streaming/use-dashboard-realtime";
import { useNow } from "@/lib/use-now";

/** The dashboard's upcoming parties, with counts kept live by realtime. */
export function UpcomingParties({
  userId,
  habitats,
  initialParties,
}: {
  userId: string;
  habitats: DashboardHabitat[];
  initialParties: UpcomingParty[];
}) {
  const { data, isError } = useQuery({ ...upcomingPartiesQuery(), initialData: initialParties });
  const status = useDashboardRealtime(userId, habitats);
  // a party that ends while the page is open leaves the list then, as the view would leave it out
  const now = useNow();
  const parties =
    now === null
      ? data
      : data.filter((p) => isUpcoming({ status: p.status, scheduled_start: p.scheduledStart, scheduled_end: p.scheduledEnd }, now));

  return (
    <section aria-labelledby="upcoming-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="upcoming-heading" className="text-xl font-semibold">
          Upcoming watch parties
        </h2>
        <ConnectionBadge status={status} />
      </div>
      {isError ? (
        <p role="alert" className="text-sm text-danger">
          Could not refresh the parties. Showing what we had.
        </p>
      ) : null}
      {parties.length === 0 ? (
        <p className="text-muted">No upcoming parties. Open a habitat to schedule one.</p>
      ) : (
        <ul aria-label="Upcoming watch parties" className="grid gap-4 sm:grid-cols-2">
          {parties.map((party) => (
            <li key={party.id}>
              <PartyCard party={party} habitatName={party.habitatName} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
