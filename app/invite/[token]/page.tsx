import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { HabitatRepository } from "@/lib/habitats/habitat-repository";
import { isInviteToken } from "@/lib/habitats/invite-link";
import type { InviteLinkPreview } from "@/lib/habitats/types";
import { getServerClient, requireViewer } from "@/lib/session";
import { InvitationAnswer } from "./invitation-answer";

// the token is in this page's address: never send it on as a referrer
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

type Params = { params: Promise<{ token: string }> };

const CLOSED: Record<Exclude<InviteLinkPreview["state"], "open" | "member">, string> = {
  revoked: "This invite link was revoked.",
  expired: "This invite link has expired.",
  used_up: "This invite link has been used up.",
};

const LINK_CLASS = "font-medium text-accent underline underline-offset-4";

export default async function InvitationPage({ params }: Params) {
  const { token } = await params;
  // signed out: sign in or sign up first, then back here
  await requireViewer(`/invite/${token}`);
  const preview = isInviteToken(token) ? await new HabitatRepository(await getServerClient()).getInviteLink(token) : null;

  if (!preview) {
    return (
      <Notice title="This invite link is not valid">
        Check that you copied the whole link, or ask for a new one.{" "}
        <Link href="/" className={LINK_CLASS}>
          Go to the dashboard
        </Link>
      </Notice>
    );
  }
  if (preview.state === "member") {
    return (
      <Notice title={`You are a member of ${preview.habitatName}`}>
        <Link href={`/habitats/${preview.habitatId}`} className={LINK_CLASS}>
          Open {preview.habitatName}
        </Link>
      </Notice>
    );
  }
  if (preview.state !== "open") {
    return (
      <Notice title={`You cannot join ${preview.habitatName} with this link`}>
        {CLOSED[preview.state]} Ask one of its owners or moderators for a new one.{" "}
        <Link href="/" className={LINK_CLASS}>
          Go to the dashboard
        </Link>
      </Notice>
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">You are invited to join {preview.habitatName}</h1>
      <Card className="space-y-4">
        <p className="text-muted">
          Members of a habitat see each other and schedule watch parties together. You can leave whenever you like.
        </p>
        <InvitationAnswer token={token} />
      </Card>
    </div>
  );
}

function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <p className="text-muted">{children}</p>
    </div>
  );
}
