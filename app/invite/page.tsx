import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/session";
import { OpenInviteLinkForm } from "./open-invite-link-form";

export const metadata: Metadata = { title: "Have an invite link?" };

export default async function InvitePage() {
  await requireViewer("/invite");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Have an invite link?</h1>
        <p className="text-muted">Paste the link someone sent you to see which habitat it leads to, then accept.</p>
      </div>
      <Card>
        <OpenInviteLinkForm />
      </Card>
    </div>
  );
}
