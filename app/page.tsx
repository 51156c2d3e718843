import Link from "next/link";
import { hasSupabaseEnv } from "@/lib/env";
import { createClient } from "@/lib/supabase/server";

export default function HomePage() {
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Habitats Watch Parties</h1>
      <p className="text-lg text-muted">
        Schedule watch parties with your habitat, join them together, and see who is watching as it
        happens.
      </p>
      {hasSupabaseEnv() ? <SessionSummary /> : <StackNotConfigured />}
    </div>
  );
}

async function SessionSummary() {
  const supabase = await createClient();
  // The proxy has already refreshed the session; getClaims() verifies the token it left.
  const { data } = await supabase.auth.getClaims();

  if (!data) {
    return (
      <p>
        You are not signed in.{" "}
        <Link href="/login" className="font-medium text-accent underline underline-offset-4">
          Sign in
        </Link>
      </p>
    );
  }
  return (
    <p>
      Signed in as <strong>{data.claims.email ?? data.claims.sub}</strong>
    </p>
  );
}

function StackNotConfigured() {
  return (
    <section
      aria-labelledby="stack-not-configured"
      className="rounded-lg border border-border bg-surface p-4"
    >
      <h2 id="stack-not-configured" className="font-semibold">
        Local stack not configured
      </h2>
      <p className="mt-1 text-muted">
        Set <code>NEXT_PUBLIC_SUPABASE_URL</code> and <code>NEXT_PUBLIC_SUPABASE_ANON_KEY</code> (for
        example in <code>.env.local</code>) to connect to Supabase, then rebuild the app.
      </p>
    </section>
  );
}
