"use client";

// The invitations addressed to the signed-in user, on the dashboard: Accept opens the habitat,
// Decline makes the invitation go away. Each answers on its own, with its own message.
import { useRouter } from "next/navigation";
import { acceptInvitation, declineInvitation } from "@/app/actions";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import type { MyInvitation } from "@/lib/habitats/types";
import { useMembershipChange } from "@/lib/habitats/use-membership-change";
import { useServerAction } from "@/lib/use-server-action";

export function MyInvitations({ invitations }: { invitations: readonly MyInvitation[] }) {
  return (
    <ul aria-label="Invitations" className="space-y-3">
      {invitations.map((invitation) => (
        <InvitationItem key={invitation.id} invitation={invitation} />
      ))}
    </ul>
  );
}

function InvitationItem({ invitation }: { invitation: MyInvitation }) {
  const router = useRouter();
  const moveOn = useMembershipChange();
  const { pending, error, run } = useServerAction();
  return (
    <li className="flex flex-wrap items-center gap-3 rounded-lg border border-accent/40 bg-accent-soft p-4">
      <p className="mr-auto">
        You are invited to join <strong>{invitation.habitatName}</strong>
        <span className="block text-sm text-muted">
          Invited <LocalTime iso={invitation.invitedAt} />
        </span>
      </p>
      <Button
        pending={pending}
        onClick={() =>
          run(
            () => acceptInvitation(invitation.id),
            (data) => moveOn(`/habitats/${data.habitatId}`),
          )
        }
      >
        Accept
      </Button>
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          run(
            () => declineInvitation(invitation.id),
            () => router.refresh(),
          )
        }
      >
        Decline
      </Button>
      <ErrorAlert message={error} className="w-full" />
    </li>
  );
}
