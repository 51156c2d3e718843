"use client";

// Shown when rendering a page fails. Never shows the error itself: in production
// Next.js replaces server error messages with a digest, and stack traces help no visitor.
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="space-y-4">
      <div role="alert" className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
        <p className="text-muted">This page could not be shown. Trying again often helps.</p>
      </div>
      <button
        type="button"
        onClick={retry}
        className="rounded-md bg-accent px-4 py-2 font-medium text-accent-foreground"
      >
        Try again
      </button>
    </div>
  );
}
