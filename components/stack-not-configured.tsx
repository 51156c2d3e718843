export function StackNotConfigured() {
  return (
    <section aria-labelledby="stack-not-configured" className="rounded-lg border border-border bg-surface p-4">
      <h2 id="stack-not-configured" className="font-semibold">
        Local stack not configured
      </h2>
      <p className="mt-1 text-muted">
        Set <code>NEXT_PUBLIC_SUPABASE_URL</code> and <code>NEXT_PUBLIC_SUPABASE_ANON_KEY</code> (for example in <code>.env.local</code>,
        which <code>npm run db:start</code> writes) to connect to Supabase, then rebuild the app.
      </p>
    </section>
  );
}
