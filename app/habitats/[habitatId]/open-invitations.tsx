"use client";

// The habitat's open invitations (owners and moderators): who was invited by email, which links
// still work and how far they got, each with Revoke.
import { useRouter } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import type { HabitatInvitation } from "@/lib/habitats/types";
import { useServerAction } from "@/lib/use-server-action";
import { revokeInvitation } from "./actions";

function linkUses(invitation: HabitatInvitation): string {
  const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;
  return invitation.maxUses === null
    ? `${people(invitation.useCount)} joined`
    : `${invitation.useCount} of ${people(invitation.maxUses)} joined`;
}

export function OpenInvitations({ habitatId, invitations }: { habitatId: string; invitations: readonly HabitatInvitation[] }) {
  if (invitations.length === 0) return <p className="text-sm text-muted">No open invitations.</p>;
  return (
    <ul aria-label="Pending invitations" className="divide-y divide-border">
      {invitations.map((invitation) => (
        <InvitationRow key={invitation.id} habitatId={habitatId} invitation={invitation} />
      ))}
    </ul>
  );
}

function InvitationRow({ habitatId, invitation }: { habitatId: string; invitation: HabitatInvitation }) {
  const router = useRouter();
  const { pending, error, run } = useServerAction();
  return (
    <li className="flex flex-wrap items-center gap-3 py-3">
      <p className="mr-auto text-sm">
        {invitation.kind === "email" ? (
          <span className="font-medium">{invitation.email}</span>
        ) : (
          <>
            <span className="font-medium">Invite link</span> · {linkUses(invitation)}
            {invitation.expiresAt ? (
              <>
                {" "}
                · expires <LocalTime iso={invitation.expiresAt} />
              </>
            ) : null}
          </>
        )}
        <span className="block text-muted">
          Created <LocalTime iso={invitation.createdAt} />
        </span>
      </p>
      <Button
        variant="danger"
        size="sm"
        pending={pending}
        onClick={() =>
          run(
            () => revokeInvitation({ habitatId, invitationId: invitation.id }),
            () => router.refresh(),
          )
        }
      >
        Revoke
      </Button>
      <ErrorAlert message={error} className="w-full" />
    </li>
  );
}
