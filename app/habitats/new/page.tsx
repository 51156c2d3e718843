import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/session";
import { CreateHabitatForm } from "./create-habitat-form";

export const metadata: Metadata = { title: "Create a habitat" };

export default async function NewHabitatPage() {
  await requireViewer("/habitats/new");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Create a habitat</h1>
        <p className="text-muted">A habitat is a group that watches together. You will own it, and invite the others.</p>
      </div>
      <Card>
        <CreateHabitatForm />
      </Card>
    </div>
  );
}
