"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMembershipChange } from "@/lib/habitats/use-membership-change";
import { useServerAction } from "@/lib/use-server-action";
import { acceptInviteLink } from "./actions";

/** Accept joins and opens the habitat; Decline goes back to the dashboard (a link is nobody's to answer). */
export function InvitationAnswer({ token }: { token: string }) {
  const router = useRouter();
  const moveOn = useMembershipChange();
  const { pending, error, run } = useServerAction();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <Button
          pending={pending}
          onClick={() =>
            run(
              () => acceptInviteLink(token),
              (data) => moveOn(`/habitats/${data.habitatId}`),
            )
          }
        >
          Accept
        </Button>
        <Button variant="secondary" onClick={() => router.push("/")}>
          Decline
        </Button>
      </div>
      <ErrorAlert message={error} />
    </div>
  );
}
