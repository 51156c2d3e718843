"use client";

import { ErrorState } from "@/components/error-state";

export default function HabitatError({ retry }: { error: unknown; retry: () => void }) {
  return <ErrorState title="This habitat could not be shown" retry={retry} />;
}
