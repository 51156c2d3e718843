import { participantCountLabel } from "@/lib/streaming/party-state";

/** The live count, announced politely to screen readers when it changes. */
export function ParticipantCount({ count }: { count: number }) {
  return (
    <p aria-live="polite" aria-atomic="true" className="text-lg font-semibold tabular-nums">
      {participantCountLabel(count)}
    </p>
  );
}
