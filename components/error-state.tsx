"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";

/** What a page shows when loading it failed: a sentence, a retry, a way home. Never the error. */
export function ErrorState({ title, retry }: { title: string; retry: () => void }) {
  return (
    <div className="space-y-4">
      <div role="alert" className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
        <p className="text-muted">Something went wrong on our side. Trying again often helps.</p>
      </div>
      <div className="flex flex-wrap gap-3">
        <Button onClick={retry}>Try again</Button>
        <Link href="/" className="rounded-md border border-border px-4 py-2 font-medium">
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
