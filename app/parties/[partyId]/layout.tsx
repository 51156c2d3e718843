import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireViewer } from "@/lib/session";
import { loadParty } from "./data";

// The access check runs here, above the page's loading state, so a party the visitor may not see
// answers with a real 404 before anything streams.
export default async function PartyLayout({ children, params }: { children: ReactNode; params: Promise<{ partyId: string }> }) {
  const { partyId } = await params;
  await requireViewer(`/parties/${partyId}`);
  if (!(await loadParty(partyId))) notFound();
  return children;
}
