"use client";

import { ErrorState } from "@/components/error-state";

export default function PartyError({ retry }: { error: unknown; retry: () => void }) {
  return <ErrorState title="This party could not be shown" retry={retry} />;
}
