"use client";

import { ErrorState } from "@/components/error-state";

// Shown when rendering a page fails. Never shows the error itself: in production
// Next.js replaces server error messages with a digest, and stack traces help no visitor.
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return <ErrorState title="Something went wrong" retry={retry} />;
}
