import Link from "next/link";
import { signOut } from "@/app/actions";
import { NotificationCenter } from "@/components/notification-center";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { hasSupabaseEnv } from "@/lib/env";
import { getViewer } from "@/lib/session";

export async function SiteHeader() {
  const viewer = hasSupabaseEnv() ? await getViewer() : null;
  return (
    <header className="border-b border-border bg-surface">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="font-semibold tracking-tight">
          Habitats Watch Parties
        </Link>
        {viewer ? (
          <nav aria-label="Account" className="ml-auto flex items-center gap-3">
            <NotificationCenter userId={viewer.id} />
            <span className="flex items-center gap-2 text-sm">
              <Avatar name={viewer.displayName} url={viewer.avatarUrl} size={28} />
              <span className="hidden sm:inline">
                Signed in as <strong>{viewer.displayName}</strong>
              </span>
            </span>
            <form action={signOut}>
              <Button type="submit" variant="secondary" size="sm">
                Sign out
              </Button>
            </form>
          </nav>
        ) : null}
      </div>
    </header>
  );
}
