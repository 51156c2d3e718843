import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { StackNotConfigured } from "@/components/stack-not-configured";
import { Card } from "@/components/ui/card";
import { hasSupabaseEnv } from "@/lib/env";
import { safeNextPath } from "@/lib/safe-redirect";
import { getCurrentUser } from "@/lib/session";
import { SignInForm, SignUpForm } from "./auth-forms";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: rawNext } = await searchParams;
  const next = safeNextPath(Array.isArray(rawNext) ? rawNext[0] : rawNext);

  if (!hasSupabaseEnv()) {
    return (
      <div className="space-y-6">
        <h1 className="text-3xl font-bold tracking-tight">Sign in</h1>
        <StackNotConfigured />
      </div>
    );
  }
  if (await getCurrentUser()) redirect(next);

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Welcome to Habitats Watch Parties</h1>
        <p className="text-muted">Sign in to see your habitats and join their watch parties.</p>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <SignInForm next={next} />
        </Card>
        <Card>
          <SignUpForm next={next} />
        </Card>
      </div>
    </div>
  );
}
