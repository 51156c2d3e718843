import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireViewer } from "@/lib/session";
import { loadHabitat } from "./data";

// Membership is checked above the page's loading state, so non-members get a real 404.
export default async function HabitatLayout({ children, params }: { children: ReactNode; params: Promise<{ habitatId: string }> }) {
  const { habitatId } = await params;
  await requireViewer(`/habitats/${habitatId}`);
  if (!(await loadHabitat(habitatId))) notFound();
  return children;
}
