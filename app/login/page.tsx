import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-bold tracking-tight">Sign in</h1>
      <p className="text-muted">
        Signing in arrives together with the local Supabase stack. Until then there is no account to
        sign in to.
      </p>
    </div>
  );
}
